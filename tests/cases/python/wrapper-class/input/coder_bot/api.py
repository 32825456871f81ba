import os

import requests


class CoderAPI:
    """A thin client: the token header is set once."""

    def __init__(self, url, token):
        self.url = url.rstrip("/")
        self.session = requests.Session()
        self.session.headers["Coder-Session-Token"] = token

    def get(self, path):
        return self.session.get(self.url + path)

    def post(self, path, json=None):
        return self.session.post(self.url + path, json=json)

    def delete(self, path):
        return self.session.delete(self.url + path)


coder = CoderAPI(os.environ["CODER_URL"], os.environ["CODER_SESSION_TOKEN"])


def summary(task_id):
    task = coder.get(f"/api/v2/tasks/me/{task_id}").json()
    return task["display_name"]


def follow_up(task_id, text):
    coder.post(f"/api/v2/tasks/me/{task_id}/send", json={"input": text})


def forget(task_id):
    coder.delete(f"/api/v2/tasks/me/{task_id}")
