import os

import requests

CODER_URL = os.environ["CODER_URL"]
HEADERS = {"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]}


def by_name(task_name):
    return requests.get(f"{CODER_URL}/api/v2/tasks/me/{task_name}", headers=HEADERS).json()


def by_workspace(workspace_id):
    return requests.get(f"{CODER_URL}/api/v2/tasks/me/{workspace_id}", headers=HEADERS).json()


def find(name):
    resp = requests.get(f"{CODER_URL}/api/experimental/chats", headers=HEADERS)
    tasks = resp.json()
    return next((t for t in tasks if t["name"] == name), None)
