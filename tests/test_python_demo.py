"""The demo repository's Python client, migrated and then run for real against the recording
server: every call without a manual finding must send a well-formed Chats request."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.harness import REPOSITORY, run_cli
from tests.recording_server import RecordingServer, chats_request_problem

DEMO = REPOSITORY / "fixtures" / "demo"
CLIENT = "tools/coder_client.py"
ORGANIZATION = "9f2c1c64-57c1-4d4b-bf6b-0a3f0b7a9d21"
FLAGS = ["--organization-id-env", "CODER_ORGANIZATION_ID"]


@pytest.fixture
def migrated(tmp_path: Path) -> Path:
    target = tmp_path / "demo"
    shutil.copytree(DEMO, target)
    code, _out, err = run_cli(["check", ".", "--fix", "--unsafe-fixes", *FLAGS], target)
    assert code in (0, 1), err
    return target


def _remaining(directory: Path) -> list[dict]:
    code, out, err = run_cli(["check", ".", "--output-format", "json", *FLAGS], directory)
    assert code in (0, 1), err
    return [f for f in json.loads(out)["findings"] if f["filename"] == CLIENT]


def _client(directory: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tools.coder_client", *args],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_client_is_found_before_migration(tmp_path: Path) -> None:
    code, out, err = run_cli(["check", CLIENT, "--output-format", "json", *FLAGS], DEMO)
    assert code == 1, err
    codes = {f["code"] for f in json.loads(out)["findings"]}
    assert {"TC101", "TC102", "TC103", "TC104", "TC105", "TC107", "TC108", "TC109"} <= codes
    assert {"TC110", "TC201", "TC202", "TC204", "TC205"} <= codes


def test_migrated_client_sends_only_well_formed_chats_requests(migrated: Path) -> None:
    manual = [f for f in _remaining(DEMO) if f["fix"] is None]
    assert {f["code"] for f in manual} == {"TC110", "TC203", "TC205"}
    manual_lines = {f["location"]["row"] for f in manual}
    remaining = _remaining(migrated)
    assert remaining and all(f["fix"] is None for f in remaining)

    with RecordingServer() as coder:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CODER")}
        env.update(
            CODER_URL=coder.url,
            CODER_SESSION_TOKEN="demo-token",
            CODER_ORGANIZATION_ID=ORGANIZATION,
            PYTHONPATH=str(migrated),
        )
        chat = coder.chat_id
        prompt = 'Fix the flaky "auth" tests; keep $HOME and `docs` as they are'
        expected_to_pass = [
            ["list"],
            ["create", prompt],
            ["show", chat],
            ["wait", chat],
            ["interrupt", chat],
            ["pause", chat],
            ["resume", chat],
            ["delete", chat],
        ]
        for args in expected_to_pass:
            run = _client(migrated, env, *args)
            assert run.returncode == 0, (args, run.stdout, run.stderr)

        # TC205 is manual: the message is sent and answered 200, which the old check rejects.
        send = _client(migrated, env, "send", chat, "also run the linters")
        assert send.returncode == 1 and "HTTP 200" in send.stderr
        # TC107 is an unsafe fix: the request is right; its reader of `logs` is a manual
        # finding (TC203).
        logs = _client(migrated, env, "logs", chat)
        assert logs.returncode != 0 and "logs" in logs.stderr
        chats_requests = list(coder.requests)

        # The by-name lookup stays a Tasks call: it is a manual finding (TC110).
        before = len(coder.requests)
        _client(migrated, env, "find", "nightly-triage")
        lookups = coder.requests[before:]
    assert [r.path for r in lookups] == ["/api/v2/tasks/me/nightly-triage"]
    source = (DEMO / CLIENT).read_text().splitlines()
    lookup_line = next(
        number for number, line in enumerate(source, 1) if "/api/v2/tasks/me/{task_name}" in line
    )
    assert lookup_line in manual_lines

    problems = [
        (r.method, r.path, chats_request_problem(r, ORGANIZATION))
        for r in chats_requests
        if chats_request_problem(r, ORGANIZATION)
    ]
    assert not problems
    sent = [(r.method, r.path.removeprefix("/api/experimental/chats")) for r in chats_requests]
    assert sent == [
        ("GET", ""),
        ("POST", ""),
        ("GET", f"/{chat}"),
        ("GET", f"/{chat}"),
        ("POST", f"/{chat}/interrupt"),
        ("POST", f"/{chat}/interrupt"),
        ("POST", f"/{chat}/messages"),
        ("PATCH", f"/{chat}"),
        ("POST", f"/{chat}/messages"),
        ("GET", f"/{chat}/messages"),
    ]
    create = chats_requests[1].json()
    assert create == {
        "organization_id": ORGANIZATION,
        "content": [{"type": "text", "text": prompt}],
    }
    assert chats_requests[6].json() == {
        "content": [{"type": "text", "text": "Continue where you left off"}]
    }
    assert chats_requests[7].json() == {"archived": True}
    assert chats_requests[8].json()["content"][0]["text"] == "also run the linters"


def test_migration_of_the_client_is_stable(migrated: Path) -> None:
    before = (migrated / CLIENT).read_bytes()
    code, _out, err = run_cli(["check", ".", "--fix", "--unsafe-fixes", *FLAGS], migrated)
    assert code in (0, 1), err
    assert (migrated / CLIENT).read_bytes() == before
