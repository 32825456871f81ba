import os

import requests

CODER_URL = os.environ["CODER_URL"]
HEADERS = {"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]}


def describe(task_id: str) -> str:
    t = requests.get(f"{CODER_URL}/api/experimental/chats/{task_id}", headers=HEADERS).json()
    match t["status"]:
        case "paused":
            return "paused"
        case "error" | "unknown":
            return "broken"
        case _:
            return "other"


def state(task_id: str) -> str:
    t = requests.get(f"{CODER_URL}/api/experimental/chats/{task_id}", headers=HEADERS).json()
    match t["status"]:
        case "running":
            return "busy"
        case "waiting" | "waiting":
            return "done"
    return "?"
