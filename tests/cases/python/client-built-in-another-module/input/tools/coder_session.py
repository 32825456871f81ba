import os

import requests


def make_session():
    session = requests.Session()
    session.headers["Coder-Session-Token"] = os.environ["CODER_SESSION_TOKEN"]
    return session


BASE_URL = os.environ["CODER_URL"]
