import os

import requests

CODER_URL = os.environ["CODER_URL"]
HEADERS = {"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]}


def start_for(owner, prompt):
    resp = requests.post(f"{CODER_URL}/api/v2/tasks/{owner}", headers=HEADERS, json={"input": prompt})
    return resp.json()["id"]


def check_on(owner, task_id):
    return requests.get(f"{CODER_URL}/api/v2/tasks/{owner}/{task_id}", headers=HEADERS).json()


def cancel(owner, task_id):
    requests.delete(f"{CODER_URL}/api/v2/tasks/{owner}/{task_id}", headers=HEADERS)
