import os

import httpx

CODER_URL = os.environ["CODER_URL"]
TOKEN = os.environ["CODER_SESSION_TOKEN"]


async def kick_off(prompt: str, template_version: str) -> str:
    async with httpx.AsyncClient(headers={"Coder-Session-Token": TOKEN}) as client:
        resp = await client.post(
            f"{CODER_URL}/api/experimental/chats",
            json={"organization_id": "9f2c1c64-57c1-4d4b-bf6b-0a3f0b7a9d21", "content": [{"type": "text", "text": prompt}]},
        )
        resp.raise_for_status()
        task = resp.json()
        print("started", task["title"])
        return task["id"]


async def is_idle(task_id: str) -> bool:
    async with httpx.AsyncClient(headers={"Coder-Session-Token": TOKEN}) as client:
        resp = await client.get(f"{CODER_URL}/api/experimental/chats/{task_id}")
        task = resp.json()
        return task["status"] == "waiting"
