import os
import sys

import requests

CODER_URL = os.environ["CODER_URL"]
HEADERS = {"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]}


def nudge(task_id, text):
    resp = requests.post(
        f"{CODER_URL}/api/v2/tasks/me/{task_id}/send", headers=HEADERS, json={"input": text}
    )
    if resp.status_code != 204:
        sys.exit(f"send failed: HTTP {resp.status_code}")
