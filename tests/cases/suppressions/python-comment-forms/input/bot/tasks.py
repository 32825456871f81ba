"""Release bot helpers; some calls stay on the Tasks API until the bot is retired."""

import os

import requests

CODER_URL = os.environ["CODER_URL"].rstrip("/")
HEADERS = {"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]}

NOTE = """
# tasks2chats: ignore[TC104]
"""


def remove(task_id):
    # tasks2chats: ignore[TC104]
    requests.delete(f"{CODER_URL}/api/v2/tasks/me/{task_id}", headers=HEADERS).raise_for_status()


def remove_quietly(task_id):
    requests.delete(  # tasks2chats: ignore[TC1]
        f"{CODER_URL}/api/v2/tasks/me/{task_id}",
        headers=HEADERS,
    )


def remove_loudly(task_id):
    print("# tasks2chats: ignore[TC104]")
    requests.delete(f"{CODER_URL}/api/v2/tasks/me/{task_id}", headers=HEADERS).raise_for_status()


def show(task_id):
    task = requests.get(f"{CODER_URL}/api/v2/tasks/me/{task_id}", headers=HEADERS).json()
    print(task["display_name"])  # tasks2chats: ignore[TC104]
