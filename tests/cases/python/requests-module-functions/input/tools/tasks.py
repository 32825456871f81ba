"""Small helpers around the Coder Tasks API for the release bot."""

import os

import requests

CODER_URL = os.environ["CODER_URL"].rstrip("/")
HEADERS = {"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]}


def list_my_tasks():
    resp = requests.get(f"{CODER_URL}/api/v2/tasks?q=owner:me", headers=HEADERS, timeout=30)
    resp.raise_for_status()
    return [task["id"] for task in resp.json()["tasks"]]


def show(task_id):
    task = requests.get(f"{CODER_URL}/api/v2/tasks/me/{task_id}", headers=HEADERS).json()
    print(f"{task['id']}: {task['display_name']}")


def start(prompt, template_version_id):
    resp = requests.post(
        f"{CODER_URL}/api/v2/tasks/me",
        headers=HEADERS,
        json={
            "template_version_id": template_version_id,
            "input": prompt,
        },
    )
    resp.raise_for_status()
    return resp.json()["id"]


def remove(task_id):
    requests.delete(f"{CODER_URL}/api/v2/tasks/me/{task_id}", headers=HEADERS).raise_for_status()
