import os

import aiohttp

HEADERS = {"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]}
URL = os.environ["CODER_URL"]


async def active_titles():
    async with aiohttp.ClientSession(headers=HEADERS) as session:
        async with session.get(f"{URL}/api/v2/tasks?q=owner:me") as resp:
            data = await resp.json()
        return [t["display_name"] for t in data["tasks"] if t["status"] == "active"]


async def stop(task_id):
    async with aiohttp.ClientSession(headers=HEADERS) as session:
        async with session.delete(f"{URL}/api/v2/tasks/me/{task_id}") as resp:
            resp.raise_for_status()
