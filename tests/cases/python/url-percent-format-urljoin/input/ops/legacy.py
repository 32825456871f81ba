import os
from urllib.parse import urljoin

import requests

CODER_URL = os.environ["CODER_URL"]
HEADERS = {"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]}


def get_task(task_id):
    return requests.get("%s/api/v2/tasks/me/%s" % (CODER_URL, task_id), headers=HEADERS)


def send(task_id, text):
    url = "{}/api/v2/tasks/{}/{}/send".format(CODER_URL, "me", task_id)
    return requests.post(url, headers=HEADERS, json={"input": text})


def listing():
    return requests.get(urljoin(CODER_URL, "/api/v2/tasks"), headers=HEADERS).json()["tasks"]
