import os
import time

import requests

CODER_URL = os.environ["CODER_URL"]
HEADERS = {"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]}


def wait_until_done(task_id):
    while True:
        task = requests.get(f"{CODER_URL}/api/experimental/chats/{task_id}", headers=HEADERS).json()
        if task["status"] == "error":
            raise RuntimeError(task["current_state"]["message"])
        if task["status"] == "waiting":
            return task
        if task.get("status") == "paused":
            print("paused; prompt was", task["initial_prompt"])
        print(task["workspace_status"], task["template_id"])
        time.sleep(5)
