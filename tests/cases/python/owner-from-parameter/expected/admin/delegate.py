import os

import requests

CODER_URL = os.environ["CODER_URL"]
HEADERS = {"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]}


def start_for(owner, prompt):
    resp = requests.post(f"{CODER_URL}/api/experimental/chats", headers=HEADERS, json={"organization_id": os.environ["CODER_ORGANIZATION_ID"], "content": [{"type": "text", "text": prompt}]})
    return resp.json()["id"]


def check_on(owner, task_id):
    return requests.get(f"{CODER_URL}/api/experimental/chats/{task_id}", headers=HEADERS).json()


def cancel(owner, task_id):
    requests.patch(f"{CODER_URL}/api/experimental/chats/{task_id}", headers=HEADERS, json={"archived": True})
