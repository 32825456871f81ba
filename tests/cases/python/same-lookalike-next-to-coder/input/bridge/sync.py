"""Copies work items from the hosted agent service into Coder chats."""
import os

import requests

CODER_URL = os.environ["CODER_URL"]
CODER_HEADERS = {"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]}
AGENTS_URL = os.environ["AGENTS_URL"]


def pending_items():
    resp = requests.get(f"{AGENTS_URL}/api/v2/tasks")
    return resp.json()["tasks"]


def forward(prompt, org):
    return requests.post(
        f"{CODER_URL}/api/experimental/chats",
        headers=CODER_HEADERS,
        json={"organization_id": org, "content": [{"type": "text", "text": prompt}]},
    )
