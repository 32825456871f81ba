import os
from urllib.parse import urljoin

import requests

CODER_URL = os.environ["CODER_URL"]
HEADERS = {"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]}


def get_task(task_id):
    return requests.get("%s/api/experimental/chats/%s" % (CODER_URL, task_id), headers=HEADERS)


def send(task_id, text):
    url = "{}/api/experimental/chats/{}/messages".format(CODER_URL, task_id)
    return requests.post(url, headers=HEADERS, json={"content": [{"type": "text", "text": text}]})


def listing():
    return requests.get(urljoin(CODER_URL, "/api/experimental/chats"), headers=HEADERS).json()
