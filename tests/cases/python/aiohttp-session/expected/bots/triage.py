import os

import aiohttp

HEADERS = {"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]}
URL = os.environ["CODER_URL"]


async def active_titles():
    async with aiohttp.ClientSession(headers=HEADERS) as session:
        async with session.get(f"{URL}/api/experimental/chats") as resp:
            data = await resp.json()
        return [t["title"] for t in data if t["status"] == "active"]


async def stop(task_id):
    async with aiohttp.ClientSession(headers=HEADERS) as session:
        async with session.patch(f"{URL}/api/experimental/chats/{task_id}", json={"archived": True}) as resp:
            resp.raise_for_status()
