import os

import requests

session = requests.Session()
session.headers.update({"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]})
BASE = os.environ["CODER_URL"]


def open_tasks():
    resp = session.get(BASE + "/api/experimental/chats")
    resp.raise_for_status()
    data = resp.json()
    print("open tasks:", len(data))
    return data


def nudge(task_id, text):
    resp = session.post(BASE + "/api/experimental/chats/" + task_id + "/messages", json={"content": [{"type": "text", "text": text}]})
    resp.raise_for_status()


def pause(task_id):
    session.post(f"{BASE}/api/experimental/chats/{task_id}/interrupt").raise_for_status()


def resume(task_id):
    session.post(f"{BASE}/api/experimental/chats/{task_id}/messages", json={"content": [{"type": "text", "text": "Continue where you left off"}]}).raise_for_status()


def logs(task_id):
    return session.get(f"{BASE}/api/experimental/chats/{task_id}/messages").json()["logs"]
