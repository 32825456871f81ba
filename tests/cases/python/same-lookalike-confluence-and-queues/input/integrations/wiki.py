import os

import requests

WIKI = os.environ["CONFLUENCE_URL"]
CLEARML = os.environ["CLEARML_API"]


def wiki_tasks(session):
    return session.get(f"{WIKI}/wiki/api/v2/tasks", params={"status": "incomplete"}).json()


def enqueue(session, task_id):
    return session.post(f"{CLEARML}/api/v2/tasks.enqueue", json={"task": task_id})
