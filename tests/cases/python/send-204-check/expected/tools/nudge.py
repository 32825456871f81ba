import os
import sys

import requests

CODER_URL = os.environ["CODER_URL"]
HEADERS = {"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]}


def nudge(task_id, text):
    resp = requests.post(
        f"{CODER_URL}/api/experimental/chats/{task_id}/messages", headers=HEADERS, json={"content": [{"type": "text", "text": text}]}
    )
    if resp.status_code != 204:
        sys.exit(f"send failed: HTTP {resp.status_code}")
