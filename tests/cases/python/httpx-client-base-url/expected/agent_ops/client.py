import os

import httpx

client = httpx.Client(
    base_url=os.environ["CODER_URL"],
    headers={"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]},
    timeout=10.0,
)


def archive(task_id: str) -> None:
    client.patch(f"/api/experimental/chats/{task_id}", json={"archived": True}).raise_for_status()


def title(task_id: str) -> str:
    return client.get(f"/api/experimental/chats/{task_id}").json().get("title")


def tell(task_id: str, message: str) -> None:
    response = client.post(f"/api/experimental/chats/{task_id}/messages", json={"content": [{"type": "text", "text": message}]})
    response.raise_for_status()
