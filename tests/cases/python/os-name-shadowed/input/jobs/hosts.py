import os

import requests

H = {"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]}


def start_on(os: str, prompt: str) -> dict:
    url = f"https://{os}/api/v2/tasks/me"
    return requests.post(url, headers=H, json={"input": prompt}).json()


def start(prompt: str) -> dict:
    url = "https://coder.example.com/api/v2/tasks/me"
    return requests.post(url, headers=H, json={"input": prompt}).json()
