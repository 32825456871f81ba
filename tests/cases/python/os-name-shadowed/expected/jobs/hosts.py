import os

import os as _os
import requests

H = {"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]}


def start_on(os: str, prompt: str) -> dict:
    url = f"https://{os}/api/experimental/chats"
    return requests.post(url, headers=H, json={"organization_id": _os.environ["CODER_ORGANIZATION_ID"], "content": [{"type": "text", "text": prompt}]}).json()


def start(prompt: str) -> dict:
    url = "https://coder.example.com/api/experimental/chats"
    return requests.post(url, headers=H, json={"organization_id": os.environ["CODER_ORGANIZATION_ID"], "content": [{"type": "text", "text": prompt}]}).json()
