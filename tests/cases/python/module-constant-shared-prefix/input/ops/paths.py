import os

import requests

CODER_URL = os.environ["CODER_URL"]
TASKS = CODER_URL + "/api/v2/tasks"
HEADERS = {"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]}


def everything():
    return requests.get(TASKS, headers=HEADERS).json()


def one(task_id):
    return requests.get(f"{TASKS}/me/{task_id}", headers=HEADERS).json()
