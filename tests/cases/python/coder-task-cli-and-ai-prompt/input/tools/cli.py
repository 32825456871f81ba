import subprocess

import requests


def start(prompt):
    subprocess.run(["coder", "task", "create", "--template", "docker", prompt], check=True)


def listing():
    return subprocess.check_output("coder task list --output json", shell=True)


def workspace(client, template_id, prompt):
    return client.post(
        "/api/v2/organizations/default/members/me/workspaces",
        json={
            "template_id": template_id,
            "rich_parameter_values": [{"name": "AI Prompt", "value": prompt}],
        },
    )


def health():
    return requests.get("https://status.example.com/healthz")
