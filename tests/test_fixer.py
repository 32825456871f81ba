"""The fixer: validation relative to the input, convergence, one purpose one fix; and every
shell output of the fixture cases judged by bash -n and tree-sitter."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from migrator.fixer import fix_source
from migrator.frontends import Context
from migrator.frontends.shell import error_count, validate_script
from migrator.model import Applicability, Edit, Finding, Fix, Source
from migrator.settings import FixMode, Settings
from tests.harness import CASES, discover_cases


class _OneEdit:
    """A front-end that always proposes the same edit, to drive the fixer."""

    language = "shell"

    def __init__(self, edit: Edit, applicability=Applicability.SAFE, keep_finding=False):
        self.edit = edit
        self.applicability = applicability
        self.keep_finding = keep_finding

    def analyse(self, source: Source, context: Context) -> list[Finding]:
        if self.edit.text in source.text and not self.keep_finding:
            return []
        fix = Fix(self.applicability, (self.edit,), "test")
        return [Finding("TC104", "m", source.path, self.edit.start, self.edit.end, fix)]

    def validate(self, before: Source, after: str, context: Context) -> str | None:
        return validate_script(before.text, after)


def _source(text: str) -> Source:
    return Source(Path("t.sh"), text)


def test_fix_that_breaks_the_script_is_not_applied_and_is_an_error() -> None:
    text = "echo 'a'\n"
    outcome = fix_source(
        _OneEdit(Edit(5, 5, '"')), _source(text), Context(Settings()), FixMode.SAFE
    )
    assert outcome.text == text
    assert outcome.errors and "TC104" in outcome.errors[0] and "validation" in outcome.errors[0]


def test_fix_applies_once_and_reports_the_finding_fixed() -> None:
    outcome = fix_source(
        _OneEdit(Edit(0, 4, "printf")), _source("echo hi\n"), Context(Settings()), FixMode.SAFE
    )
    assert outcome.text == "printf hi\n"
    assert [f.code for f in outcome.fixed] == ["TC104"]
    assert not outcome.errors


def test_unsafe_fix_waits_for_unsafe_mode() -> None:
    frontend = _OneEdit(Edit(0, 4, "printf"), Applicability.UNSAFE)
    outcome = fix_source(frontend, _source("echo hi\n"), Context(Settings()), FixMode.SAFE)
    assert outcome.text == "echo hi\n" and outcome.remaining
    outcome = fix_source(frontend, _source("echo hi\n"), Context(Settings()), FixMode.UNSAFE)
    assert outcome.text == "printf hi\n"


def test_fixes_that_never_converge_are_an_error() -> None:
    frontend = _OneEdit(Edit(0, 0, "#"), keep_finding=True)
    outcome = fix_source(frontend, _source("echo hi\n"), Context(Settings()), FixMode.SAFE)
    assert any("did not converge" in e for e in outcome.errors)


def test_validation_is_relative_to_the_input() -> None:
    broken = "if true; then\n"
    assert validate_script(broken, broken + "echo x\n") is None
    assert validate_script("echo ok\n", "echo 'ok\n") is not None


def _shell_outputs() -> list[tuple[str, Path, Path]]:
    out = []
    for case in discover_cases():
        for path in sorted(case.expected.rglob("*")):
            if path.suffix in (".sh", ".bash") or (
                path.is_file() and path.read_bytes().startswith(b"#!/usr/bin/env bash")
            ):
                source = case.input / path.relative_to(case.expected)
                out.append((f"{case.id}/{path.relative_to(case.expected)}", source, path))
    return out


SHELL_OUTPUTS = _shell_outputs()


@pytest.mark.parametrize("name,before,after", SHELL_OUTPUTS, ids=[n for n, _, _ in SHELL_OUTPUTS])
def test_expected_shell_output_is_valid_where_the_input_was(
    name: str, before: Path, after: Path
) -> None:
    def bash_ok(path: Path) -> bool:
        return subprocess.run(["bash", "-n", str(path)], capture_output=True).returncode == 0

    if before.exists():
        if bash_ok(before):
            assert bash_ok(after), f"{name}: bash -n fails on the fixed script"
        before_text = before.read_text(encoding="utf-8-sig")
        after_text = after.read_text(encoding="utf-8-sig")
        assert error_count(after_text) <= error_count(before_text)


def test_cases_have_shell_outputs() -> None:
    assert CASES.is_dir() and len(SHELL_OUTPUTS) >= 5
