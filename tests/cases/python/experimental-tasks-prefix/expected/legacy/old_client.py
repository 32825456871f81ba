import os

import requests

URL = os.environ["CODER_URL"]
HEADERS = {"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]}


def tasks():
    return requests.get(f"{URL}/api/experimental/chats", headers=HEADERS).json()
