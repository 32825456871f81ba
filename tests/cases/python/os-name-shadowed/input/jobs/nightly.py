"""Start the nightly triage task."""
from os import environ as os

import requests

CODER_URL = os["CODER_URL"]
H = {"Coder-Session-Token": os["CODER_SESSION_TOKEN"]}


def start(prompt: str) -> dict:
    url = f"{CODER_URL}/api/v2/tasks/me"
    return requests.post(url, headers=H, json={"input": prompt}).json()
