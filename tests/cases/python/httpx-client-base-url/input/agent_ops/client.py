import os

import httpx

client = httpx.Client(
    base_url=os.environ["CODER_URL"],
    headers={"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]},
    timeout=10.0,
)


def archive(task_id: str) -> None:
    client.delete(f"/api/v2/tasks/me/{task_id}").raise_for_status()


def title(task_id: str) -> str:
    return client.get(f"/api/v2/tasks/me/{task_id}").json().get("display_name")


def tell(task_id: str, message: str) -> None:
    response = client.post(f"/api/v2/tasks/me/{task_id}/send", json={"input": message})
    response.raise_for_status()
