import os

import requests

CODER_URL = os.environ["CODER_URL"]
HEADERS = {"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]}


def interrupt(task_id):
    """Press Escape in the agent's terminal."""
    resp = requests.post(
        f"{CODER_URL}/api/experimental/chats/{task_id}/interrupt",
        headers=HEADERS,
    )
    resp.raise_for_status()
