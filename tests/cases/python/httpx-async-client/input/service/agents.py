import os

import httpx

CODER_URL = os.environ["CODER_URL"]
TOKEN = os.environ["CODER_SESSION_TOKEN"]


async def kick_off(prompt: str, template_version: str) -> str:
    async with httpx.AsyncClient(headers={"Coder-Session-Token": TOKEN}) as client:
        resp = await client.post(
            f"{CODER_URL}/api/v2/tasks/me",
            json={"template_version_id": template_version, "input": prompt},
        )
        resp.raise_for_status()
        task = resp.json()
        print("started", task["display_name"])
        return task["id"]


async def is_idle(task_id: str) -> bool:
    async with httpx.AsyncClient(headers={"Coder-Session-Token": TOKEN}) as client:
        resp = await client.get(f"{CODER_URL}/api/v2/tasks/me/{task_id}")
        task = resp.json()
        return task["current_state"]["state"] == "idle"
