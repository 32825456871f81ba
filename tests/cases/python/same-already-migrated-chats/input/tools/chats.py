import os

import requests

CODER_URL = os.environ["CODER_URL"]
HEADERS = {"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]}


def chats():
    return [c["title"] for c in requests.get(f"{CODER_URL}/api/experimental/chats", headers=HEADERS).json()]


def archive(chat_id):
    requests.patch(f"{CODER_URL}/api/experimental/chats/{chat_id}", headers=HEADERS, json={"archived": True})


def interrupt(chat_id):
    resp = requests.post(f"{CODER_URL}/api/experimental/chats/{chat_id}/interrupt", headers=HEADERS)
    return resp.json()["status"] == "waiting"
