import os
from urllib.parse import quote

import requests

BASE = os.environ["CODER_URL"]
HEADERS = {"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]}


def create_for(user, prompt):
    return requests.post(
        BASE + "/api/v2/tasks/" + quote(user),
        headers=HEADERS,
        json={"input": prompt},
    ).json()


def fetch(user, task_id):
    return requests.get(BASE + "/api/v2/tasks/" + quote(user) + "/" + quote(task_id), headers=HEADERS)
