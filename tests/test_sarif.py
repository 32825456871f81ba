"""SARIF 2.1.0: validated by Microsoft's SARIF Multitool (no errors, no warnings), with the
tool's identity, every rule's documentation, fixes that reproduce --fix, code-point columns,
relative URIs and fingerprints that survive unrelated edits."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

import migrator
from migrator.rules.base import all_rules
from tests.harness import REPOSITORY, run_cli

MULTITOOL = REPOSITORY / "tools" / "node_modules" / ".bin" / "sarif-multitool"
DEMO = REPOSITORY / "fixtures" / "demo"
TOKEN = "Coder-Session-Token: $CODER_SESSION_TOKEN"
DELETE = f'curl -X DELETE -H "{TOKEN}" "$CODER_URL/api/v2/tasks/me/$ID"'


def _multitool() -> Path:
    if MULTITOOL.exists():
        return MULTITOOL
    if os.environ.get("CI"):
        pytest.fail(f"{MULTITOOL} is missing; tools/test installs it from the npm registry")
    pytest.skip("the SARIF Multitool is not installed; run tools/test")


def _offline() -> list[str]:
    """Run the validator without a network: its URI-reachability rule would reach out."""
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False)
    return ["unshare", "-n"] if probe.returncode == 0 else []


def validate(path: Path, *options: str) -> str:
    """The Multitool's report on ``path``; fails on any error or warning it lists."""
    # The npm wrapper hands its arguments to a shell, so each is quoted for one.
    arguments = ["validate", str(path), *options]
    command = [*_offline(), str(_multitool()), *map(shlex.quote, arguments)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Analysis completed successfully" in output, output
    problems = [
        line for line in output.splitlines() if re.search(r": (error|warning) [A-Z]+\d+", line)
    ]
    assert problems == [], "\n".join(problems)
    return output


def sarif_of(root: Path, *args: str) -> dict:
    code, out, err = run_cli(["check", ".", "--output-format", "sarif", *args], root)
    assert code in (0, 1), err
    return json.loads(out)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    shutil.copytree(DEMO, tmp_path / "demo")
    return tmp_path / "demo"


def test_demo_sarif_validates_with_no_errors_or_warnings(demo: Path, tmp_path: Path) -> None:
    log = sarif_of(demo)
    assert log["runs"][0]["results"], "the demo has findings"
    path = tmp_path / "demo.sarif"
    path.write_text(json.dumps(log))
    validate(path)
    validate(path, "--rule-kind", "Gh;Sarif")


def test_sarif_after_fixes_and_with_errors_validates(demo: Path, tmp_path: Path) -> None:
    (demo / "latin1.sh").write_bytes(b"curl '$CODER_URL/api/v2/tasks' # caf\xe9\n")
    code, out, err = run_cli(
        ["check", ".", "latin1.sh", "--fix", "--output-format", "sarif"], demo
    )
    assert code == 1, err
    path = tmp_path / "fixed.sarif"
    path.write_text(out)
    validate(path)
    results = json.loads(out)["runs"][0]["results"]
    assert any(r["ruleId"] == "TC001" for r in results)


def test_tool_identity_and_every_rule_with_its_documentation(tmp_path: Path) -> None:
    (tmp_path / "a.sh").write_text(DELETE + "\n")
    run = sarif_of(tmp_path)["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "tasks2chats"
    assert driver["version"] == migrator.__version__
    assert driver["informationUri"] == migrator.INFORMATION_URI
    rules = all_rules()
    assert [r["id"] for r in driver["rules"]] == list(rules)
    for entry in driver["rules"]:
        documentation = rules[entry["id"]].documentation()
        assert entry["help"] == {"text": documentation, "markdown": documentation}
        assert entry["shortDescription"]["text"]
    assert run["columnKind"] == "unicodeCodePoints"
    (result,) = run["results"]
    assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"] == "TC104"


def test_uris_are_relative_to_the_run_directory(tmp_path: Path) -> None:
    (tmp_path / "ops scripts").mkdir()
    (tmp_path / "ops scripts" / "clean ü.sh").write_text(DELETE + "\n")
    run = sarif_of(tmp_path)["runs"][0]
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "ops%20scripts/clean%20%C3%BC.sh", "uriBaseId": "%SRCROOT%"}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"


def test_columns_count_code_points(tmp_path: Path) -> None:
    line = f'echo "→ café" && {DELETE}'
    (tmp_path / "a.sh").write_text(line + "\n")
    result = sarif_of(tmp_path)["runs"][0]["results"][0]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region["startColumn"] == line.index("curl") + 1
    assert region["endColumn"] == len(line) + 1


def _apply(text: str, replacements: list[dict]) -> str:
    lines = text.split("\n")
    starts = [0]
    for content in lines[:-1]:
        starts.append(starts[-1] + len(content) + 1)

    def offset(line: int, column: int) -> int:
        return starts[line - 1] + column - 1

    spans = []
    for replacement in replacements:
        region = replacement["deletedRegion"]
        start = offset(region["startLine"], region["startColumn"])
        end = offset(region["endLine"], region["endColumn"])
        spans.append((start, end, replacement.get("insertedContent", {}).get("text", "")))
    for start, end, inserted in sorted(spans, reverse=True):
        text = text[:start] + inserted + text[end:]
    return text


def test_fix_objects_reproduce_the_fix(tmp_path: Path) -> None:
    script = (
        "#!/bin/sh\n"
        f'echo "déjà vu" && curl -X DELETE \\\n  -H "{TOKEN}" \\\n'
        '  "$CODER_URL/api/v2/tasks/me/$ID"\n'
    )
    (tmp_path / "a.sh").write_text(script)
    (result,) = sarif_of(tmp_path)["runs"][0]["results"]
    (fix,) = result["fixes"]
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"] == {"uri": "a.sh", "uriBaseId": "%SRCROOT%"}
    from_sarif = _apply(script, change["replacements"])
    code, _out, err = run_cli(["check", ".", "--fix"], tmp_path)
    assert code == 0, err
    assert from_sarif == (tmp_path / "a.sh").read_text() != script


def test_fingerprints_are_stable_and_distinct(tmp_path: Path) -> None:
    body = f"{DELETE}\ncoder task list\n{DELETE}\n"
    (tmp_path / "a.sh").write_text(body)
    first = [r["partialFingerprints"] for r in sarif_of(tmp_path)["runs"][0]["results"]]
    (tmp_path / "a.sh").write_text("#!/bin/sh\n# cleanup\n\nset -e\n" + body)
    second = [r["partialFingerprints"] for r in sarif_of(tmp_path)["runs"][0]["results"]]
    assert first == second
    values = [f["tasks2chats/v1"] for f in first]
    assert len(set(values)) == 3, "two identical calls still get distinct fingerprints"
