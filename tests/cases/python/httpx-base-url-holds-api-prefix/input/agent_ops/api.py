import os

import httpx

api = httpx.Client(
    base_url=os.environ["CODER_URL"] + "/api/v2",
    headers={"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]},
)


def whoami():
    return api.get("/users/me").json()


def tasks():
    return api.get("/tasks", params={"q": "owner:me"}).json()["tasks"]


def drop(task_id):
    api.delete(f"/tasks/me/{task_id}")
