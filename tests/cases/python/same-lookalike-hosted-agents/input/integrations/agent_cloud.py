import os

import requests

AGENT_API = os.environ["AGENT_CLOUD_URL"]
HEADERS = {"Authorization": f"Bearer {os.environ['AGENT_CLOUD_KEY']}"}


def status(task_id):
    task = requests.get(f"{AGENT_API}/api/v2/tasks/{task_id}", headers=HEADERS).json()
    return task["status"] == "active", task["name"]


def submit(project, prompt):
    return requests.post(f"{AGENT_API}/api/v2/tasks/{project}", headers=HEADERS, json={"input": prompt})


def everything():
    return requests.get(f"{AGENT_API}/api/v2/tasks", headers=HEADERS).json()["tasks"]
