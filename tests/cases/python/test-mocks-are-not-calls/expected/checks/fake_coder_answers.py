"""The nightly job's client against faked Coder answers."""

import httpx
import requests
import requests_mock
import responses
import respx
from aioresponses import aioresponses

CODER = "https://coder.example.com"
H = {"Coder-Session-Token": "test-token"}
TASK = "6f1c2a9e-8d3b-4c47-9a51-0e2d7b3f4c10"


@responses.activate
def test_list_is_empty() -> None:
    responses.add(responses.GET, f"{CODER}/api/v2/tasks", json={"tasks": []})
    responses.get(f"{CODER}/api/v2/tasks/me/{TASK}", json={"id": TASK})
    assert requests.get(f"{CODER}/api/experimental/chats", headers=H).json() == []


def test_send(requests_mock) -> None:
    requests_mock.post(f"{CODER}/api/v2/tasks/me/{TASK}/send", status_code=204)


@requests_mock.Mocker()
def test_decorated(m) -> None:
    m.get(f"{CODER}/api/v2/tasks", json={"tasks": []})


@respx.mock
def test_respx() -> None:
    respx.get(f"{CODER}/api/v2/tasks/me/{TASK}").mock(return_value=httpx.Response(200, json={}))


def test_httpx_mock(httpx_mock) -> None:
    httpx_mock.add_response(method="DELETE", url=f"{CODER}/api/v2/tasks/me/{TASK}")


def test_with_mockers() -> None:
    with responses.RequestsMock() as rsps:
        rsps.add("POST", f"{CODER}/api/v2/tasks/me/{TASK}/pause")
    with aioresponses() as mocked:
        mocked.get(f"{CODER}/api/v2/tasks", payload={"tasks": []})
