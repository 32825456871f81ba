import os
from urllib.parse import quote

import requests

BASE = os.environ["CODER_URL"]
HEADERS = {"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]}


def create_for(user, prompt):
    return requests.post(
        BASE + "/api/experimental/chats",
        headers=HEADERS,
        json={"organization_id": os.environ["CODER_ORGANIZATION_ID"], "content": [{"type": "text", "text": prompt}]},
    ).json()


def fetch(user, task_id):
    return requests.get(BASE + "/api/experimental/chats/" + quote(task_id), headers=HEADERS)
