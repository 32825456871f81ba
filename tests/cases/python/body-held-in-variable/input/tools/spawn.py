import os

import requests

CODER_URL = os.environ["CODER_URL"]
HEADERS = {"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]}


def spawn(payload):
    return requests.post(f"{CODER_URL}/api/v2/tasks/me", headers=HEADERS, json=payload).json()
