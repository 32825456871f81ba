import os

import requests

AGENTS_URL = os.environ["AGENT_PLATFORM_URL"]


def make_session():
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {os.environ['AGENT_PLATFORM_KEY']}"
    return session
