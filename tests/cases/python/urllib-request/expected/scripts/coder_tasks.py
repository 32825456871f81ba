#!/usr/bin/env python3
"""Create and clean up tasks without third-party packages."""
import json
import os
import urllib.request

CODER_URL = os.environ["CODER_URL"]
TOKEN = os.environ["CODER_SESSION_TOKEN"]


def create(prompt, template_version_id):
    body = json.dumps({"template_version_id": template_version_id, "input": prompt}).encode()
    req = urllib.request.Request(
        f"{CODER_URL}/api/experimental/chats",
        data=json.dumps({"organization_id": os.environ["CODER_ORGANIZATION_ID"], "content": [{"type": "text", "text": prompt}]}).encode(),
        headers={"Coder-Session-Token": TOKEN, "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req) as resp:
        return json.load(resp)["id"]


def delete(task_id):
    req = urllib.request.Request(
        f"{CODER_URL}/api/experimental/chats/{task_id}",
        headers={"Coder-Session-Token": TOKEN, "Content-Type": "application/json"},
        method="PATCH",
        data=json.dumps({"archived": True}).encode(),
    )
    urllib.request.urlopen(req).close()


def pause(task_id):
    req = urllib.request.Request(
        f"{CODER_URL}/api/experimental/chats/{task_id}/interrupt",
        headers={"Coder-Session-Token": TOKEN},
        method="POST",
    )
    urllib.request.urlopen(req).close()
