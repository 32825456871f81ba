import os

import requests

session = requests.Session()
session.headers.update({"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]})
BASE = os.environ["CODER_URL"]


def open_tasks():
    resp = session.get(BASE + "/api/v2/tasks")
    resp.raise_for_status()
    data = resp.json()
    print("open tasks:", data["count"])
    return data.get("tasks", [])


def nudge(task_id, text):
    resp = session.post(BASE + "/api/v2/tasks/me/" + task_id + "/send", json={"input": text})
    resp.raise_for_status()


def pause(task_id):
    session.post(f"{BASE}/api/v2/tasks/me/{task_id}/pause").raise_for_status()


def resume(task_id):
    session.post(f"{BASE}/api/v2/tasks/me/{task_id}/resume").raise_for_status()


def logs(task_id):
    return session.get(f"{BASE}/api/v2/tasks/me/{task_id}/logs").json()["logs"]
