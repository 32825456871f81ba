import requests

H = {"Coder-Session-Token": "token"}
_os = "linux"


def start_on(os: str, prompt: str) -> dict:
    url = f"https://{os}/api/v2/tasks/me"
    return requests.post(url, headers=H, json={"input": prompt}).json()
