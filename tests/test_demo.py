"""The demo repository end to end: findings, the diff, the fixes, and the migrated scripts
run against a recording server that answers like the Chats API."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from tests.harness import REPOSITORY, run_cli
from tests.recording_server import RecordingServer, chats_request_problem

DEMO = REPOSITORY / "fixtures" / "demo"
ORGANIZATION = "9f2c1c64-57c1-4d4b-bf6b-0a3f0b7a9d21"


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    target = tmp_path / "demo"
    shutil.copytree(DEMO, target)
    return target


def _findings(directory: Path, *args: str) -> list[dict]:
    code, out, err = run_cli(["check", ".", "--output-format", "json", *args], directory)
    assert code in (0, 1), err
    return json.loads(out)["findings"]


def test_check_lists_findings_and_exits_1(demo: Path) -> None:
    code, out, _err = run_cli(["check", "."], demo)
    assert code == 1
    for rule in ("TC101", "TC102", "TC104", "TC105", "TC108", "TC301"):
        assert rule in out


def test_diff_shows_rewrites_and_writes_nothing(demo: Path) -> None:
    before = {p: p.read_bytes() for p in demo.rglob("*") if p.is_file()}
    code, out, _err = run_cli(["check", ".", "--diff"], demo)
    assert code == 1
    assert "+++ b/" in out and "/api/experimental/chats" in out
    assert {p: p.read_bytes() for p in demo.rglob("*") if p.is_file()} == before


def test_fix_leaves_only_unsafe_and_manual_then_only_manual(demo: Path) -> None:
    org = ["--organization-id-env", "CODER_ORGANIZATION_ID"]
    code, _out, err = run_cli(["check", ".", "--fix", *org], demo)
    assert code == 1, err
    remaining = _findings(demo, *org)
    assert remaining
    assert all(f["fix"] is None or f["fix"]["applicability"] == "unsafe" for f in remaining)
    code, _out, err = run_cli(["check", ".", "--fix", "--unsafe-fixes", *org], demo)
    assert code == 1, err
    remaining = _findings(demo, *org)
    assert remaining and all(f["fix"] is None for f in remaining)


def _fake_coder(directory: Path) -> Path:
    """The removed `coder task` CLI the demo still calls (a manual finding) must not stop the
    script from running its migrated calls."""
    bin_dir = directory / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "coder"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    return bin_dir


def _run(script: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(script), *args],
        env=env,
        cwd=script.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_migrated_scripts_send_only_chats_requests(demo: Path, tmp_path: Path) -> None:
    code, _out, err = run_cli(
        [
            "check",
            ".",
            "--fix",
            "--unsafe-fixes",
            "--organization-id-env",
            "CODER_ORGANIZATION_ID",
        ],
        demo,
    )
    assert code in (0, 1), err
    manual = {
        (f["filename"], f["location"]["row"])
        for f in _findings(demo, "--organization-id-env", "CODER_ORGANIZATION_ID")
    }
    with RecordingServer() as coder, RecordingServer(answer_tasks_as="influx") as influx:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("CODER")},
            "PATH": f"{_fake_coder(tmp_path)}:{os.environ['PATH']}",
            "CODER_URL": coder.url,
            "CODER_SESSION_TOKEN": "demo-token",
            "CODER_ORGANIZATION_ID": ORGANIZATION,
            "INFLUX_URL": influx.url,
            "INFLUX_TOKEN": "influx-token",
            "POLL_SECONDS": "0",
        }
        # The script splices the prompt into JSON itself, so it cannot carry double quotes.
        prompt = "Fix the flaky tests; don't touch $HOME or `docs`"
        scripts = demo / "scripts"
        nudge = _run(scripts / "task-lifecycle.sh", env, "nudge", coder.chat_id, "also lint")
        # Its 204 check is a manual finding (TC205): the message is sent and answered 200.
        assert nudge.returncode == 1 and "HTTP 200" in nudge.stderr
        # Logs became messages (TC107, unsafe): the request is right, its reader is the
        # manual part the message names.
        tail = _run(scripts / "task-lifecycle.sh", env, "tail", coder.chat_id)
        assert tail.returncode != 0 and "jq" in tail.stderr
        runs = [
            _run(scripts / "start-agent-task.sh", env, "OPS-1", prompt),
            _run(scripts / "task-lifecycle.sh", env, "interrupt", coder.chat_id),
            _run(scripts / "task-lifecycle.sh", env, "pause", coder.chat_id),
            _run(scripts / "task-lifecycle.sh", env, "resume", coder.chat_id),
            _run(scripts / "task-lifecycle.sh", env, "rm", coder.chat_id),
            _run(demo / "ci" / "cleanup-stale-tasks.sh", env),
        ]
        for run in runs:
            assert run.returncode == 0, run.args + [run.stdout, run.stderr]
    assert ("scripts/task-lifecycle.sh", 39) in manual  # update input stays manual
    problems = [
        (r.method, r.path, chats_request_problem(r, ORGANIZATION))
        for r in coder.requests
        if chats_request_problem(r, ORGANIZATION)
    ]
    assert not problems
    kinds = {(r.method, r.path.rsplit("/", 1)[-1]) for r in coder.requests}
    assert ("POST", "chats") in kinds and ("PATCH", coder.chat_id) in kinds
    assert ("POST", "interrupt") in kinds and ("POST", "messages") in kinds
    create = next(r for r in coder.requests if r.method == "POST" and r.path.endswith("/chats"))
    assert create.json()["content"][0]["text"] == prompt
    # The metrics database's own tasks API is not Coder's: untouched.
    assert [r.path for r in influx.requests] == ["/api/v2/tasks"]
