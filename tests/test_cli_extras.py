"""People-facing details: --stdin-filename for editors, colour only on terminals (and never
with NO_COLOR), the progress bar on a terminal's stderr only, and --statistics."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.harness import run_cli, run_subprocess

TOKEN = "Coder-Session-Token: $CODER_SESSION_TOKEN"
DELETE = f'curl -X DELETE -H "{TOKEN}" "$CODER_URL/api/v2/tasks/me/$ID"\n'
FIXED = (
    f'curl -X PATCH -H "{TOKEN}" "$CODER_URL/api/experimental/chats/$ID" '
    """-H 'Content-Type: application/json' -d '{"archived": true}'\n"""
)
ANSI = "\x1b["


def test_stdin_reports_under_the_given_name(tmp_path: Path) -> None:
    result = run_subprocess(
        ["check", "--stdin-filename", "scripts/cleanup.sh"], tmp_path, DELETE.encode()
    )
    assert result.returncode == 1
    assert result.stdout.decode().startswith("scripts/cleanup.sh:1:1: TC104 [*] ")
    assert not (tmp_path / "scripts").exists()


def test_stdin_fix_prints_the_fixed_file_and_reports_on_stderr(tmp_path: Path) -> None:
    raw = b"\xef\xbb\xbf" + (DELETE + "coder task list\n").replace("\n", "\r\n").encode()
    result = run_subprocess(["check", "--stdin-filename", "a.sh", "--fix"], tmp_path, raw)
    assert result.returncode == 1, result.stderr
    expected = "\ufeff" + (FIXED + "coder task list\n").replace("\n", "\r\n")
    assert result.stdout == expected.encode()
    assert "TC301" in result.stderr.decode() and "Fixed 1 finding" in result.stderr.decode()


def test_stdin_diff(tmp_path: Path) -> None:
    result = run_subprocess(
        ["check", "--stdin-filename", "a.sh", "--diff"], tmp_path, DELETE.encode()
    )
    assert result.returncode == 1
    assert result.stdout.decode().splitlines()[:2] == ["--- a/a.sh", "+++ b/a.sh"]
    assert f"+{FIXED}" in result.stdout.decode()


def test_stdin_uses_the_configuration_for_its_name(tmp_path: Path) -> None:
    (tmp_path / "legacy").mkdir()
    (tmp_path / ".tasks2chats.toml").write_text(
        'extend-exclude = ["vendor/"]\n[per-file-ignores]\n"legacy/*" = ["TC104"]\n'
    )
    result = run_subprocess(
        ["check", "--stdin-filename", "legacy/a.sh"], tmp_path, DELETE.encode()
    )
    assert result.returncode == 0, result.stdout
    result = run_subprocess(
        ["check", "--stdin-filename", "vendor/a.sh", "--force-exclude", "--fix"],
        tmp_path,
        DELETE.encode(),
    )
    assert (result.returncode, result.stdout) == (0, DELETE.encode())


def test_stdin_of_a_kind_no_front_end_reads_is_echoed(tmp_path: Path) -> None:
    result = run_subprocess(["check", "--stdin-filename", "notes.txt", "--fix"], tmp_path, b"hi\n")
    assert (result.returncode, result.stdout) == (0, b"hi\n")
    assert b"no front-end reads this file" in result.stderr


def test_stdin_and_paths_do_not_mix(tmp_path: Path) -> None:
    result = run_subprocess(["check", "--stdin-filename", "a.sh", "."], tmp_path, b"")
    assert result.returncode == 2


def _on_terminal(
    args: list[str], cwd: Path, stream: str, env: dict[str, str] | None = None
) -> tuple[str, str]:
    """Run the CLI with ``stream`` (stdout or stderr) on a pseudo-terminal; returns what the
    terminal showed and what the other stream carried."""
    leader, follower = pty.openpty()
    environment = {**os.environ, "TERM": "xterm", **(env or {})}
    for name in ("NO_COLOR", "CI"):
        if env is None or name not in env:
            environment.pop(name, None)
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, stream: follower}
    process = subprocess.Popen(
        [sys.executable, "-m", "migrator", *args], cwd=cwd, env=environment, **streams
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    other = (process.stderr if stream == "stdout" else process.stdout).read()
    process.wait(timeout=300)
    os.close(leader)
    return shown.decode(), other.decode()


@pytest.fixture
def scripts(tmp_path: Path) -> Path:
    (tmp_path / "few").mkdir()
    (tmp_path / "few" / "a.sh").write_text(DELETE)
    return tmp_path / "few"


def test_colour_on_a_terminal(scripts: Path) -> None:
    shown, _ = _on_terminal(["check", "."], scripts, "stdout")
    assert ANSI in shown and "TC104" in shown


@pytest.mark.parametrize("value", ["1", "true"])
def test_no_color_is_honoured(scripts: Path, value: str) -> None:
    shown, _ = _on_terminal(["check", "."], scripts, "stdout", {"NO_COLOR": value})
    assert ANSI not in shown and "TC104" in shown


def test_color_flag(scripts: Path) -> None:
    shown, _ = _on_terminal(["check", ".", "--color", "never"], scripts, "stdout")
    assert ANSI not in shown
    code, out, _ = run_cli(["check", ".", "--color", "always"], scripts)
    assert code == 1 and ANSI in out
    code, out, _ = run_cli(["check", "."], scripts)
    assert code == 1 and ANSI not in out, "no colour in a pipe"


def test_machine_formats_are_never_coloured(scripts: Path) -> None:
    for output_format in ("json", "sarif", "github", "markdown"):
        code, out, _ = run_cli(
            ["check", ".", "--color", "always", "--output-format", output_format], scripts
        )
        assert code == 1 and ANSI not in out


@pytest.fixture
def many_scripts(tmp_path: Path) -> Path:
    (tmp_path / "many").mkdir()
    for index in range(60):
        text = DELETE if index % 10 == 0 else "echo hi\n"
        (tmp_path / "many" / f"s{index:02}.sh").write_text(text)
    return tmp_path / "many"


def test_progress_bar_on_a_terminal_for_many_files(many_scripts: Path) -> None:
    shown, out = _on_terminal(["check", "."], many_scripts, "stderr")
    assert "60/60 files" in shown
    assert shown.endswith("\r\x1b[2K"), "the bar is cleared before the report"
    assert "files" not in out.splitlines()[0] and "6 remaining" in out


@pytest.mark.parametrize("env", [{"CI": "true"}, {"TERM": "dumb"}])
def test_no_progress_bar_in_ci_or_on_a_dumb_terminal(many_scripts: Path, env: dict) -> None:
    shown, _ = _on_terminal(["check", "."], many_scripts, "stderr", env)
    assert "files" not in shown


def test_no_progress_bar_for_a_few_files_or_in_a_pipe(scripts: Path, many_scripts: Path) -> None:
    shown, _ = _on_terminal(["check", "."], scripts, "stderr")
    assert "files" not in shown
    result = run_subprocess(["check", "."], many_scripts)
    assert b"files\r" not in result.stderr and b"\x1b" not in result.stderr


def test_statistics(tmp_path: Path) -> None:
    (tmp_path / "a.sh").write_text(DELETE * 2 + "coder task list\n")
    code, out, _ = run_cli(["check", ".", "--statistics"], tmp_path)
    assert code == 1
    lines = out.splitlines()
    assert "    2  TC104  delete-task" in lines
    assert "    1  TC301  coder-task-cli" in lines
    assert lines[-1] == (
        "3 remaining: 2 fixable with --fix, 0 with --fix --unsafe-fixes, 1 manual. 1 file checked."
    )
