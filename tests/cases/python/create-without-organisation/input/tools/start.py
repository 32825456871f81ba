from json import dumps

import requests

from tools.settings import CODER_URL, HEADERS


def start(prompt):
    return requests.post(
        f"{CODER_URL}/api/v2/tasks/me", headers=HEADERS, data=dumps({"input": prompt})
    ).json()
