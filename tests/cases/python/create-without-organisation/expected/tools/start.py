from json import dumps

import os
import requests

from tools.settings import CODER_URL, HEADERS


def start(prompt):
    return requests.post(
        f"{CODER_URL}/api/experimental/chats", headers=HEADERS, data=dumps({"organization_id": os.environ["CODER_ORGANIZATION_ID"], "content": [{"type": "text", "text": prompt}]})
    ).json()
