"""Small helpers around the Coder Tasks API for the release bot."""

import os

import requests

CODER_URL = os.environ["CODER_URL"].rstrip("/")
HEADERS = {"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]}


def list_my_tasks():
    resp = requests.get(f"{CODER_URL}/api/experimental/chats", headers=HEADERS, timeout=30)
    resp.raise_for_status()
    return [task["id"] for task in resp.json()]


def show(task_id):
    task = requests.get(f"{CODER_URL}/api/experimental/chats/{task_id}", headers=HEADERS).json()
    print(f"{task['id']}: {task['title']}")


def start(prompt, template_version_id):
    resp = requests.post(
        f"{CODER_URL}/api/experimental/chats",
        headers=HEADERS,
        json={
            "organization_id": os.environ["CODER_ORGANIZATION_ID"],
            "content": [{"type": "text", "text": prompt}],
        },
    )
    resp.raise_for_status()
    return resp.json()["id"]


def remove(task_id):
    requests.patch(f"{CODER_URL}/api/experimental/chats/{task_id}", headers=HEADERS, json={"archived": True}).raise_for_status()
