"""The pre-commit hooks, run by the real pre-commit against this project: the check hook fails
with the findings, the fix hook rewrites the files, and excluded files stay untouched even
though pre-commit passes them by name."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.harness import REPOSITORY

TOKEN = "Coder-Session-Token: $CODER_SESSION_TOKEN"
CLEANUP = f"""\
#!/usr/bin/env bash
set -euo pipefail
curl -fsS -X DELETE -H "{TOKEN}" "$CODER_URL/api/v2/tasks/me/$1"
curl -fsS -H "{TOKEN}" "$CODER_URL/api/v2/tasks/me/$2" | jq -r '.display_name'
"""
VENDORED = f'curl -X DELETE -H "{TOKEN}" "$CODER_URL/api/v2/tasks/me/$1"\n'
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    result = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout


def _pre_commit() -> list[str]:
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail(
                "pre-commit is missing; it is in the test extra (pip install -e '.[test]')"
            )
        pytest.skip("pre-commit is not installed; run tools/test")
    return [sys.executable, "-m", "pre_commit"]


def snapshot_of_project(destination: Path) -> Path:
    """This project as a git repository at one commit: HEAD plus the working changes, so
    the hooks under test are the ones in the work tree."""
    listed = _git(REPOSITORY, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.split("\0")):
        source = REPOSITORY / name
        if not source.is_file():
            continue  # deleted in the work tree
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    _git(destination, "init", "-q")
    _git(destination, "add", "-A")
    _git(destination, "commit", "-q", "-m", "snapshot")
    return destination


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return snapshot_of_project(tmp_path_factory.mktemp("project") / "tasks2chats")


@pytest.fixture
def user_repository(tmp_path: Path) -> Path:
    repository = tmp_path / "user"
    (repository / "scripts").mkdir(parents=True)
    (repository / "vendor").mkdir()
    (repository / "scripts" / "cleanup.sh").write_text(CLEANUP)
    (repository / "vendor" / "upstream.sh").write_text(VENDORED)
    (repository / "README.md").write_text("curl $CODER_URL/api/v2/tasks in prose is not code\n")
    (repository / ".tasks2chats.toml").write_text('extend-exclude = ["vendor/"]\n')
    _git(repository, "init", "-q")
    _git(repository, "add", "-A")
    _git(repository, "commit", "-q", "-m", "scripts")
    return repository


def _try_repo(project: Path, repository: Path, hook: str, cache: Path) -> tuple[int, str]:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(cache), "NO_COLOR": "1"}
    env.pop("VIRTUAL_ENV", None)
    result = subprocess.run(
        [*_pre_commit(), "try-repo", str(project), hook, "--all-files", "--color", "never"],
        cwd=repository,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


def test_hook_definitions() -> None:
    hooks = {
        hook["id"]: hook
        for hook in yaml.safe_load(Path(REPOSITORY, ".pre-commit-hooks.yaml").read_text())
    }
    assert set(hooks) == {"tasks2chats", "tasks2chats-fix"}
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["require_serial"] is True
        assert set(hook["types_or"]) == {"python", "pyi", "shell", "yaml", "terraform"}
        assert "--force-exclude" in hook["entry"].split()
        assert hook.get("pass_filenames", True)
    assert "--fix" in hooks["tasks2chats-fix"]["entry"].split()
    assert "--fix" not in hooks["tasks2chats"]["entry"].split()


def test_check_hook_fails_with_findings_and_fix_hook_rewrites(
    project: Path, user_repository: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "pre-commit-cache"

    code, output = _try_repo(project, user_repository, "tasks2chats", cache)
    assert code == 1, output
    assert "scripts/cleanup.sh:3:" in output and "TC104" in output, output
    assert "TC103" in output and "TC201" in output, output
    assert "vendor/upstream.sh" not in output, output
    assert (user_repository / "scripts" / "cleanup.sh").read_text() == CLEANUP

    code, output = _try_repo(project, user_repository, "tasks2chats-fix", cache)
    assert code == 1, output
    assert "files were modified by this hook" in output, output
    fixed = (user_repository / "scripts" / "cleanup.sh").read_text()
    assert "/api/experimental/chats/$1" in fixed and "-X PATCH" in fixed
    assert "jq -r '.title'" in fixed
    assert (user_repository / "vendor" / "upstream.sh").read_text() == VENDORED

    code, output = _try_repo(project, user_repository, "tasks2chats", cache)
    assert code == 0, output
    assert "Passed" in output, output
