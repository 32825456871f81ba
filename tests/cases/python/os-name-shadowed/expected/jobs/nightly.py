"""Start the nightly triage task."""
from os import environ as os

import os as _os
import requests

CODER_URL = os["CODER_URL"]
H = {"Coder-Session-Token": os["CODER_SESSION_TOKEN"]}


def start(prompt: str) -> dict:
    url = f"{CODER_URL}/api/experimental/chats"
    return requests.post(url, headers=H, json={"organization_id": _os.environ["CODER_ORGANIZATION_ID"], "content": [{"type": "text", "text": prompt}]}).json()
