"""The Terraform front-end beyond the fixture harness: every expected tree judged by
python-hcl2, tree-sitter-hcl and an independent reference check; partial runs; file order;
validation refusing a broken fix; heredoc mapping; tidy removals; lazy imports."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import sys
from pathlib import Path

import hcl2
import pytest
import tree_sitter_hcl
from tree_sitter import Language, Parser

from migrator.frontends.terraform_edits import removal_edits
from migrator.frontends.terraform_heredoc import extract, script_attributes
from migrator.frontends.terraform_syntax import TfFile
from migrator.model import Edit, apply_edits
from migrator.rules.base import all_rules
from tests.harness import CASES, REPOSITORY, run_cli, tree

TERRAFORM_CASES = CASES / "terraform"
DEMO_TEMPLATES = REPOSITORY / "fixtures" / "demo" / "templates"
_PARSER = Parser(Language(tree_sitter_hcl.language()))
_INTERPOLATION = re.compile(r"(?<!\$)\$\{([^}]*)\}")
_REFERENCE = re.compile(
    r"(?<![\w.])(data\.[\w-]+\.[\w-]+|module\.[\w-]+|var\.[\w-]+|local\.[\w-]+"
    r"|[a-z][a-z0-9]*_[a-z0-9_]+\.[\w-]+)"
)


def _case_dirs() -> list[Path]:
    return sorted(p.parent for p in TERRAFORM_CASES.glob("*/findings.txt"))


def _unparseable(case: Path) -> bool:
    return " TC001 " in (case / "findings.txt").read_text()


def _expected_root(case: Path) -> Path:
    expected = case / "expected"
    return expected if expected.is_dir() else case / "input"


def _module_dirs(root: Path) -> list[Path]:
    return sorted({path.parent for path in root.rglob("*.tf")})


# --- an independent judge: python-hcl2's view of declarations and references -------------


def _strip(label: str) -> str:
    return label[1:-1] if len(label) >= 2 and label[0] == label[-1] == '"' else label


def _declared(document: dict) -> set[str]:
    out: set[str] = set()
    for block in document.get("resource", []):
        for kind, named in block.items():
            out.update(f"{_strip(kind)}.{_strip(name)}" for name in named)
    for block in document.get("data", []):
        for kind, named in block.items():
            out.update(f"data.{_strip(kind)}.{_strip(name)}" for name in named)
    for block in document.get("module", []):
        out.update(f"module.{_strip(name)}" for name in block)
    for block in document.get("variable", []):
        out.update(f"var.{_strip(name)}" for name in block)
    for block in document.get("locals", []):
        out.update(f"local.{name}" for name in block if not name.startswith("__"))
    return out


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def _referenced(document: dict) -> set[str]:
    out: set[str] = set()
    for text in _strings(document):
        expressions = _INTERPOLATION.findall(text)
        if text.startswith("${") and text.endswith("}"):
            expressions.append(text[2:-1])
        for expression in expressions:
            out.update(_REFERENCE.findall(expression))
    return out


def _module_view(directory: Path) -> tuple[set[str], set[str]]:
    declared: set[str] = set()
    referenced: set[str] = set()
    for path in sorted(directory.glob("*.tf")):
        document = hcl2.loads(path.read_text())
        declared |= _declared(document)
        referenced |= _referenced(document)
    return declared, referenced


def _error_nodes(text: str) -> int:
    tree_ = _PARSER.parse(text.encode())
    stack, count = [tree_.root_node], 0
    while stack:
        node = stack.pop()
        count += node.is_error or node.is_missing
        stack.extend(node.children)
    return count


def _judge(before_root: Path, after_root: Path) -> None:
    """Each module directory after the fix parses with python-hcl2 and tree-sitter-hcl, and
    every reference that resolved before still resolves."""
    for after_dir in _module_dirs(after_root):
        relative = after_dir.relative_to(after_root)
        for path in sorted(after_dir.glob("*.tf")):
            text = path.read_text()
            hcl2.loads(text)
            assert _error_nodes(text) == 0, f"{path}: tree-sitter-hcl finds an error"
        before_dir = before_root / relative
        if not before_dir.is_dir():
            continue
        declared_before, _ = _module_view(before_dir)
        declared_after, referenced_after = _module_view(after_dir)
        dangling = {
            ref for ref in referenced_after if ref in declared_before and ref not in declared_after
        }
        assert not dangling, f"{after_dir}: references left dangling: {sorted(dangling)}"


@pytest.mark.parametrize(
    "case", [c for c in _case_dirs() if not _unparseable(c)], ids=lambda c: c.name
)
def test_expected_tree_is_valid_and_keeps_references(case: Path) -> None:
    _judge(case / "input", _expected_root(case))


def test_every_shape_of_the_issue_has_a_case() -> None:
    names = {case.name for case in _case_dirs()}
    for shape in (
        "guide-template",
        "tasks-docker-counted-module",
        "ai-task-in-its-own-file",
        "metadata-on-task-resource",
        "legacy-ai-prompt-env-wiring",
        "prompt-local-join-merge",
        "shared-child-module-required-prompt",
        "commented-out-blocks",
        "already-migrated",
    ):
        assert shape in names


# --- real runs -----------------------------------------------------------------------------


def test_demo_template_safe_then_unsafe(tmp_path: Path) -> None:
    work = tmp_path / "templates"
    shutil.copytree(DEMO_TEMPLATES, work)
    original = tmp_path / "original"
    shutil.copytree(DEMO_TEMPLATES, original)

    code, _out, err = run_cli(["check", ".", "--fix"], tmp_path)
    assert code == 1, err
    _judge(original, work)
    safe_text = "".join(p.read_text() for p in sorted(work.rglob("*.tf")))
    assert 'data "coder_task"' not in safe_text and "ai_prompt" not in safe_text
    assert "/api/v2/tasks" not in safe_text and "/api/experimental/chats" in safe_text
    assert 'module "claude-code"' in safe_text  # unsafe: waits for --unsafe-fixes

    code, _out, err = run_cli(["check", ".", "--fix", "--unsafe-fixes"], tmp_path)
    assert code == 0, err
    _judge(original, work)
    text = "".join(p.read_text() for p in sorted(work.rglob("*.tf")))
    for gone in (
        "coder_ai_task",
        "coder_task",
        "claude-code",
        "anthropic_api_key",
        "coder_metadata",
    ):
        assert gone not in text
    assert 'resource "coder_app" "preview"' in text and "docker_container" in text


def _codex_module(root: Path) -> Path:
    source = TERRAFORM_CASES / "ai-task-in-its-own-file" / "input"
    shutil.copytree(source, root, dirs_exist_ok=True)
    return root / "templates" / "codex-k8s"


def test_only_the_files_passed_are_edited(tmp_path: Path) -> None:
    module = _codex_module(tmp_path)
    before = tree(module)
    code, out, err = run_cli(
        ["check", "templates/codex-k8s/main.tf", "--fix", "--unsafe-fixes"], tmp_path
    )
    assert code == 1, err
    # main.tf's removals need tasks.tf edited too, which was only read: nothing moves.
    assert tree(module) == before
    assert "tasks.tf:7" in out and "`data.coder_task.me` at tasks.tf:3" in out
    assert "read, not edited" in out

    code, out, err = run_cli(
        ["check", "templates/codex-k8s/tasks.tf", "--fix", "--unsafe-fixes"], tmp_path
    )
    assert code == 1, err
    after = tree(module)
    assert after["main.tf"] == before["main.tf"]
    assert after["variables.tf"] == before["variables.tf"]
    assert b"coder_ai_task" not in after["tasks.tf"]
    assert b'data "coder_task"' in after["tasks.tf"]  # main.tf still passes its prompt


def test_file_order_does_not_change_the_result(tmp_path: Path) -> None:
    names = ["main.tf", "tasks.tf", "variables.tf"]
    results = set()
    for order in itertools.permutations("abc"):
        work = tmp_path / "".join(order)
        module = _codex_module(work)
        for prefix, name in zip(order, names, strict=True):
            (module / name).rename(module / f"{prefix}-{name}")
        code, _out, err = run_cli(["check", ".", "--fix", "--unsafe-fixes"], work)
        assert code == 0, err
        results.add(
            tuple(sorted((p.name.split("-", 1)[1], p.read_text()) for p in module.glob("*.tf")))
        )
    assert len(results) == 1
    expected = TERRAFORM_CASES / "ai-task-in-its-own-file" / "expected"
    want = tuple(
        sorted(
            (p.name, p.read_text()) for p in (expected / "templates" / "codex-k8s").glob("*.tf")
        )
    )
    assert results == {want}


def test_stdin_file_reads_its_siblings_from_disk(tmp_path: Path) -> None:
    module = _codex_module(tmp_path)
    stdin = (module / "tasks.tf").read_bytes()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "migrator",
            "check",
            "--stdin-filename",
            "templates/codex-k8s/tasks.tf",
            "--output-format",
            "json",
        ],
        cwd=tmp_path,
        input=stdin,
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert b'"TC502"' in result.stdout and b"main.tf:28" in result.stdout


def test_a_fix_that_breaks_the_module_is_refused_as_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import migrator.frontends.terraform_edits as edits

    def keep_the_references(file: TfFile, nodes: list) -> list[Edit]:
        # Deletes only the declarations' first line: the rest of each block dangles.
        out = []
        for node in nodes:
            start, _end = file.span(node)
            line = file.line_of(start)
            out.append(Edit(file.line_start(line), file.line_end(line), ""))
        return out

    monkeypatch.setattr(edits, "removal_edits", keep_the_references)
    source = TERRAFORM_CASES / "guide-template" / "input"
    shutil.copytree(source, tmp_path, dirs_exist_ok=True)
    before = tree(tmp_path)
    code, _out, err = run_cli(["check", ".", "--fix"], tmp_path)
    assert code == 2
    assert re.search(r"main\.tf:54:1: TC501 fix not applied, its output fails validation", err)
    # The one-line data block and its argument are still removed: that fix was valid.
    after = tree(tmp_path)["templates/claude-docker/main.tf"]
    assert b'data "coder_task"' not in after and b"coder_ai_task" in after
    assert after != before["templates/claude-docker/main.tf"]


# --- pieces --------------------------------------------------------------------------------


def test_heredoc_script_keeps_positions_and_escapes() -> None:
    text = (
        'resource "coder_script" "s" {\n'
        "  script = <<-EOT\n"
        '    curl "${data.coder_workspace.me.access_url}/api/v2/tasks/me/$${ID}"\n'
        "    %{ if var.on }echo on%{ endif }\n"
        "  EOT\n"
        "}\n"
    )
    file = TfFile(Path("main.tf"), text)
    (attribute,) = script_attributes(file)
    script = extract(file, attribute)
    assert script is not None
    assert "${data_coder_workspace_me_access_url}/api/v2/tasks/me/${ID}" in script.text
    assert "echo on" in script.text and "%{" not in script.text
    start = script.text.index("${ID}")
    assert text[script.host(start) : script.host(start + len("${ID}"))] == "$${ID}"
    placeholder = "${data_coder_workspace_me_access_url}"
    assert len(placeholder) == len("${data.coder_workspace.me.access_url}")
    written = script.host_text(f'"{placeholder}/api/experimental/chats/${{ID}}"')
    assert written == '"${data.coder_workspace.me.access_url}/api/experimental/chats/$${ID}"'


def _remove(text: str, *names: str) -> str:
    file = TfFile(Path("main.tf"), text)
    nodes = [b.node for b in file.blocks if b.labels and b.labels[-1] in names]
    for block in file.blocks:
        for attribute in block.attributes.values():
            if attribute.name in names:
                nodes.append(attribute.node)
    return apply_edits(text, removal_edits(file, nodes))


@pytest.mark.parametrize(
    "before,after",
    [
        ('a "x" {}\n\nb "y" {}\n\nc "z" {}\n', 'a "x" {}\n\nc "z" {}\n'),
        ('a "x" {}\n\nb "y" {}\n', 'a "x" {}\n'),
        ('b "y" {}\n\na "x" {}\n', 'a "x" {}\n'),
        ('a "x" {}\n\nb "y" {}\n\nb2 "y2" {}\n\nc "z" {}\n', 'a "x" {}\n\nc "z" {}\n'),
        ('a "x" {}\n\n# about y\n# more\nb "y" {}\n\nc "z" {}\n', 'a "x" {}\n\nc "z" {}\n'),
        ('# b "y" {}\nb "y" {}\n', '# b "y" {}\n'),
        ('a "x" {}\n\nb "y" {}', 'a "x" {}'),
        ('r "t" "n" {\n  keep = 1\n\n  y = 2\n}\n', 'r "t" "n" {\n  keep = 1\n}\n'),
        ('r "t" "n" {\n  y = 2\n\n  keep = 1\n}\n', 'r "t" "n" {\n  keep = 1\n}\n'),
    ],
)
def test_removal_leaves_no_run_of_blank_lines(before: str, after: str) -> None:
    assert _remove(before, "y", "y2") == after


def test_shell_only_run_imports_no_terraform_parser(tmp_path: Path) -> None:
    (tmp_path / "a.sh").write_text('curl "$CODER_URL/api/v2/tasks"\n')
    probe = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from migrator.cli import main\n"
        "CliRunner().invoke(main, ['check', 'a.sh'])\n"
        "print('hcl2' in sys.modules, 'tree_sitter_hcl' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.stdout.split() == ["False", "False"], result.stderr


def test_rules_are_documented() -> None:
    rules = all_rules()
    for code in ("TC501", "TC502", "TC503", "TC504", "TC505", "TC506", "TC507"):
        text = rules[code].documentation()
        for section in ("What it does", "Why", "Example", "Fix safety", "Known limits"):
            assert f"## {section}" in text, (code, section)
        assert rules[code].languages == frozenset({"terraform"})


@pytest.mark.parametrize(
    "after,problem",
    [
        ('r "a" "b" {\n  x = 1  y = data.d.e.f\n}\n\ndata "d" "e" {}\n', "share a line"),
        ('r "a" "b" {\n  x = 1\n  y = data.d.e.f\n\n\ndata "d" "e" {}\n', "python-hcl2"),
        ('r "a" "b" {\n  x = 1\n  y = data.d.e.f\n}\n', "no longer resolves"),
        ('r "a" "b" {\n  x = 1\n}\n', None),
    ],
)
def test_validation_judges(after: str, problem: str | None, tmp_path: Path) -> None:
    from migrator.frontends import Context
    from migrator.frontends.terraform import FRONTEND
    from migrator.model import Source
    from migrator.settings import Settings

    before = 'r "a" "b" {\n  x = 1\n  y = data.d.e.f\n}\n\ndata "d" "e" {}\n'
    source = Source(tmp_path / "main.tf", before)
    verdict = FRONTEND.validate(source, after, Context(Settings()))
    if problem is None:
        assert verdict is None
    else:
        assert verdict is not None and problem in verdict
