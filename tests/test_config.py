"""Configuration: every key, the nearest file above each checked file, precedence of the
dedicated file and of command-line flags, and clear errors (file, line, key; exit 2)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from migrator.config import KEYS
from tests.harness import REPOSITORY, run_cli

TOKEN = "Coder-Session-Token: $CODER_SESSION_TOKEN"
DELETE = f'curl -X DELETE -H "{TOKEN}" "$CODER_URL/api/v2/tasks/me/$ID"\n'
TASK_CLI = "coder task list\n"
CREATE = (
    f'curl -X POST -H "{TOKEN}" -H "Content-Type: application/json" '
    """-d '{"input": "fix the bug"}' "$CODER_URL/api/v2/tasks/me"\n"""
)
RESUME = f'curl -X POST -H "{TOKEN}" "$CODER_URL/api/v2/tasks/me/$ID/resume"\n'
CHATS_LIST = f'curl -H "{TOKEN}" "$CODER_URL/api/experimental/chats"\n'
NO_CODER_EVIDENCE = 'curl -X DELETE "$BASE/api/v2/tasks/me/$ID"\n'
ORG = "6f2b7c1e-3a4d-4e5f-8a9b-0c1d2e3f4a5b"
WORKFLOW = """\
name: Hand issues to an agent
on:
  issues:
    types: [labeled]
jobs:
  agent:
    runs-on: ubuntu-latest
    steps:
      - uses: coder/create-task-action@v0
        with:
          coder-url: ${{ secrets.CODER_URL }}
          coder-token: ${{ secrets.CODER_TOKEN }}
          coder-template-name: agents
          coder-task-prompt: Fix ${{ github.event.issue.html_url }}
          github-token: ${{ github.token }}
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def findings(root: Path, *args: str) -> list[tuple[str, str, str]]:
    """(file, code, applicability) of every finding, checking ``root`` from inside it."""
    code, out, err = run_cli(["check", ".", "--output-format", "json", *args], root)
    assert code in (0, 1), err
    return sorted(
        (f["filename"], f["code"], f["fix"]["applicability"] if f["fix"] else "manual")
        for f in json.loads(out)["findings"]
    )


def fix_edits(root: Path, *args: str) -> list[str]:
    code, out, err = run_cli(["check", ".", "--output-format", "json", *args], root)
    assert code in (0, 1), err
    return [
        edit["content"]
        for finding in json.loads(out)["findings"]
        if finding["fix"]
        for edit in finding["fix"]["edits"]
    ]


def pyproject(body: str) -> str:
    return f'[project]\nname = "scripts"\n\n[tool.tasks2chats]\n{body}\n'


def test_no_configuration_checks_everything(tmp_path: Path) -> None:
    write(tmp_path, {"a.sh": DELETE + TASK_CLI})
    assert findings(tmp_path) == [("a.sh", "TC104", "safe"), ("a.sh", "TC301", "manual")]


def test_target(tmp_path: Path) -> None:
    write(tmp_path, {"a.sh": CHATS_LIST + DELETE, "pyproject.toml": pyproject('target = "v2"')})
    assert ("a.sh", "TC112", "safe") in findings(tmp_path)
    assert any("/api/v2/chats" in edit for edit in fix_edits(tmp_path))


def test_select(tmp_path: Path) -> None:
    write(tmp_path, {"a.sh": DELETE + TASK_CLI, ".tasks2chats.toml": 'select = ["TC104"]\n'})
    assert findings(tmp_path) == [("a.sh", "TC104", "safe")]


def test_ignore(tmp_path: Path) -> None:
    write(tmp_path, {"a.sh": DELETE + TASK_CLI, ".tasks2chats.toml": 'ignore = ["TC1"]\n'})
    assert findings(tmp_path) == [("a.sh", "TC301", "manual")]


def test_extend_select(tmp_path: Path) -> None:
    config = 'select = ["TC3"]\nextend-select = ["TC104"]\n'
    write(tmp_path, {"a.sh": DELETE + TASK_CLI + RESUME, ".tasks2chats.toml": config})
    assert findings(tmp_path) == [("a.sh", "TC104", "safe"), ("a.sh", "TC301", "manual")]


def test_per_file_ignores(tmp_path: Path) -> None:
    config = '[per-file-ignores]\n"legacy/*.sh" = ["TC104"]\n"!legacy/**" = ["TC3"]\n'
    write(
        tmp_path,
        {
            "legacy/old.sh": DELETE + TASK_CLI,
            "current.sh": DELETE + TASK_CLI,
            ".tasks2chats.toml": config,
        },
    )
    assert findings(tmp_path) == [
        ("current.sh", "TC104", "safe"),
        ("legacy/old.sh", "TC301", "manual"),
    ]


def test_per_file_ignores_are_not_fixed(tmp_path: Path) -> None:
    config = '[per-file-ignores]\n"legacy/*.sh" = ["TC104"]\n'
    write(tmp_path, {"legacy/old.sh": DELETE, ".tasks2chats.toml": config})
    code, _out, err = run_cli(["check", ".", "--fix"], tmp_path)
    assert code == 0, err
    assert (tmp_path / "legacy/old.sh").read_text() == DELETE


@pytest.mark.parametrize("key", ["exclude", "extend-exclude"])
def test_exclude(tmp_path: Path, key: str) -> None:
    config = f'{key} = ["vendor/", "*.generated.sh"]\n'
    write(
        tmp_path,
        {
            "vendor/lib.sh": DELETE,
            "build.generated.sh": DELETE,
            "own.sh": DELETE,
            ".tasks2chats.toml": config,
        },
    )
    assert findings(tmp_path) == [("own.sh", "TC104", "safe")]
    code, _out, _err = run_cli(["check", "vendor/lib.sh"], tmp_path)
    assert code == 1, "a file named explicitly is checked"
    code, out, _err = run_cli(["check", "--force-exclude", "vendor/lib.sh"], tmp_path)
    assert code == 0 and "TC104" not in out


def test_organization_id(tmp_path: Path) -> None:
    write(tmp_path, {"a.sh": CREATE, ".tasks2chats.toml": f'organization-id = "{ORG}"\n'})
    assert findings(tmp_path) == [("a.sh", "TC102", "safe")]
    assert any(ORG in edit for edit in fix_edits(tmp_path))


def test_organization_id_env(tmp_path: Path) -> None:
    config = 'organization-id-env = "ACME_ORG"\n'
    write(tmp_path, {"a.sh": CREATE, ".tasks2chats.toml": config})
    assert findings(tmp_path) == [("a.sh", "TC102", "safe")]
    assert any("$ACME_ORG" in edit for edit in fix_edits(tmp_path))


def test_action(tmp_path: Path) -> None:
    config = 'action = "coder/agents-chat-action@v2"\n'
    write(tmp_path, {".github/workflows/agent.yml": WORKFLOW, ".tasks2chats.toml": config})
    code, _out, err = run_cli(["check", ".", "--fix"], tmp_path)
    assert code in (0, 1), err
    fixed = (tmp_path / ".github/workflows/agent.yml").read_text()
    assert "uses: coder/agents-chat-action@v2" in fixed


def test_resume_message(tmp_path: Path) -> None:
    config = 'resume-message = "Pick the work up again"\n'
    write(tmp_path, {"a.sh": RESUME, ".tasks2chats.toml": config})
    assert any("Pick the work up again" in edit for edit in fix_edits(tmp_path))


def test_coder_only(tmp_path: Path) -> None:
    write(tmp_path, {"a.sh": NO_CODER_EVIDENCE})
    assert findings(tmp_path) == []
    (tmp_path / ".tasks2chats.toml").write_text("coder-only = true\n")
    assert findings(tmp_path) == [("a.sh", "TC104", "safe")]


def test_nearest_configuration_governs_each_file(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": pyproject('ignore = ["TC3"]'),
            "a.sh": DELETE + TASK_CLI,
            "team/.tasks2chats.toml": 'ignore = ["TC1"]\n',
            "team/b.sh": DELETE + TASK_CLI,
            "team/deeper/c.sh": DELETE + TASK_CLI,
        },
    )
    assert findings(tmp_path) == [
        ("a.sh", "TC104", "safe"),
        ("team/b.sh", "TC301", "manual"),
        ("team/deeper/c.sh", "TC301", "manual"),
    ]


def test_nested_configuration_excludes_below_its_folder(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "a.sh": DELETE,
            "team/.tasks2chats.toml": 'exclude = ["generated/"]\n',
            "team/generated/x.sh": DELETE,
            "team/y.sh": DELETE,
        },
    )
    assert [name for name, _, _ in findings(tmp_path)] == ["a.sh", "team/y.sh"]


def test_dedicated_file_wins_in_the_same_folder(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": pyproject('select = ["TC3"]'),
            ".tasks2chats.toml": 'select = ["TC104"]\n',
            "a.sh": DELETE + TASK_CLI,
        },
    )
    assert findings(tmp_path) == [("a.sh", "TC104", "safe")]


def test_dedicated_file_may_use_the_tool_table(tmp_path: Path) -> None:
    write(tmp_path, {".tasks2chats.toml": '[tool.tasks2chats]\nselect = ["TC104"]\n'})
    write(tmp_path, {"a.sh": DELETE + TASK_CLI})
    assert findings(tmp_path) == [("a.sh", "TC104", "safe")]


def test_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": pyproject('select = ["TC104"]'),
            "sub/pyproject.toml": '[project]\nname = "sub"\n',
            "sub/a.sh": DELETE + TASK_CLI,
        },
    )
    assert findings(tmp_path) == [("sub/a.sh", "TC104", "safe")]


def test_flags_win_over_configuration(tmp_path: Path) -> None:
    config = f'select = ["TC104"]\ntarget = "v2"\norganization-id = "{ORG}"\n'
    write(tmp_path, {"a.sh": DELETE + TASK_CLI + CREATE, ".tasks2chats.toml": config})
    assert findings(tmp_path, "--select", "TC3") == [("a.sh", "TC301", "manual")]
    edits = fix_edits(
        tmp_path, "--select", "TC1", "--target", "experimental", "--organization-id-env", "MINE"
    )
    assert any("/api/experimental/chats" in edit for edit in edits)
    assert not any("/api/v2/chats" in edit for edit in edits)
    assert any("$MINE" in edit for edit in edits) and not any(ORG in e for e in edits)


def test_explicit_config_file(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "a.sh": DELETE + TASK_CLI,
            ".tasks2chats.toml": 'select = ["TC104"]\n',
            "ci/strict.toml": 'select = ["TC3"]\n',
        },
    )
    assert findings(tmp_path, "--config", "ci/strict.toml") == [("a.sh", "TC301", "manual")]


@pytest.mark.parametrize(
    "body,key,problem",
    [
        ('extend_select = ["TC1"]', "extend_select", "did you mean `extend-select`"),
        ('colour = "always"', "colour", "known keys"),
        ('target = "v3"', "target", "must be one of experimental, v2"),
        ('select = "TC1"', "select", "must be a list of rule codes"),
        ('select = ["TC1", "E501"]', "select", "'E501' is not a rule code"),
        ('ignore = ["TC999"]', "ignore", "'TC999' matches no rule"),
        ("extend-select = [1]", "extend-select", "must be a list of rule codes"),
        ('per-file-ignores = ["x"]', "per-file-ignores", "must map globs to code lists"),
        (
            '[tool.tasks2chats.per-file-ignores]\n"x/*.sh" = ["TCX"]',
            "per-file-ignores.x/*.sh",
            "'TCX' is not a rule code",
        ),
        ('exclude = "vendor"', "exclude", "must be a list of glob patterns"),
        ('extend-exclude = [""]', "extend-exclude", "must be a list of glob patterns"),
        ('organization-id = "acme"', "organization-id", "must be an organisation UUID"),
        ('organization-id-env = "1ORG"', "organization-id-env", "environment variable name"),
        (
            f'organization-id = "{ORG}"\norganization-id-env = "ORG"',
            "organization-id-env",
            "not both",
        ),
        ('action = ""', "action", "non-empty string"),
        ('action = "coder/agents-chat-action"', "action", "must name an action and a ref"),
        ("resume-message = 3", "resume-message", "non-empty string"),
        ('coder-only = "yes"', "coder-only", "must be true or false"),
    ],
)
def test_bad_configuration_is_an_error_naming_file_line_and_key(
    tmp_path: Path, body: str, key: str, problem: str
) -> None:
    text = pyproject(body)
    write(tmp_path, {"pyproject.toml": text, "a.sh": DELETE})
    code, out, err = run_cli(["check", "."], tmp_path)
    assert code == 2
    assert out == ""
    first_key = key.split(".", 1)[-1]
    line = next(
        number
        for number, content in enumerate(text.splitlines(), start=1)
        if content.lstrip().startswith((first_key, f'"{first_key}"'))
    )
    assert f"pyproject.toml:{line}: `{key}`" in err, err
    assert problem in err, err


def test_bad_dedicated_file_is_named(tmp_path: Path) -> None:
    write(tmp_path, {"sub/.tasks2chats.toml": "\n\ntarget = 2\n", "sub/a.sh": DELETE})
    code, _out, err = run_cli(["check", "."], tmp_path)
    assert code == 2
    assert "sub/.tasks2chats.toml:3: `target`" in err


def test_invalid_toml_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, {".tasks2chats.toml": "select = [\n", "a.sh": DELETE})
    code, _out, err = run_cli(["check", "."], tmp_path)
    assert code == 2
    assert ".tasks2chats.toml: not valid TOML" in err


def test_missing_explicit_config_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, {"a.sh": DELETE})
    code, _out, err = run_cli(["check", ".", "--config", "nope.toml"], tmp_path)
    assert code == 2
    assert "nope.toml: no such configuration file" in err


def test_readme_configuration_example_is_valid(tmp_path: Path) -> None:
    readme = (REPOSITORY / "README.md").read_text()
    section = readme.split("## Configuration\n", 1)[1]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    write(tmp_path, {"pyproject.toml": example, "a.sh": DELETE + TASK_CLI})
    code, _out, err = run_cli(["check", "."], tmp_path)
    assert code == 1, err
    shown = {key for key in KEYS if re.search(rf"(^|[\s.]){key}(\s*=|])", example, re.M)}
    assert shown == set(KEYS), "the example shows every key"
