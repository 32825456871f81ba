import os

import requests

CODER = os.environ["CODER_URL"]
AUTH = {"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]}


def call(method, url, **kwargs):
    return requests.request(method, url, headers=AUTH, **kwargs)


def send(task_id, text):
    return call("POST", f"{CODER}/api/experimental/chats/{task_id}/messages", json={"content": [{"type": "text", "text": text}]})


def delete(task_id):
    return requests.request("PATCH", f"{CODER}/api/experimental/chats/{task_id}", headers=AUTH, json={"archived": True})
