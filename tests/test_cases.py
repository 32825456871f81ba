"""Every fixture case under tests/cases, through the shared harness."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.harness import (
    Case,
    discover_cases,
    run_case,
    run_cli,
    strip_final_newline,
    to_crlf,
    tree,
    write_variant,
)

CASES = list(discover_cases())


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case, tmp_path: Path) -> None:
    run_case(case, tmp_path)


@pytest.mark.parametrize(
    "variant,transform",
    [("crlf", to_crlf), ("no-final-newline", strip_final_newline)],
)
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case_variant(case: Case, variant: str, transform, tmp_path: Path) -> None:
    """The same fixes under CRLF line endings and without a final newline, keeping the
    file's shape."""
    work = tmp_path / "work"
    want = tmp_path / "want"
    write_variant(case.input, work, transform)
    write_variant(case.expected, want, transform)
    code, _out, err = run_cli(["check", ".", *case.fix_args(), *case.args], work)
    assert code in (0, 1), err
    got = tree(work)
    expected = tree(want)
    for name in sorted(set(got) | set(expected)):
        assert got.get(name) == expected.get(name), f"{case.id} ({variant}): {name} differs"


def test_there_are_cases() -> None:
    assert len(CASES) >= 10


def test_the_repository_checks_itself_clean(tmp_path: Path) -> None:
    """The project's own fixtures and tests are excluded by its configuration, and its rule
    documentation is ignored: what is left holds no Tasks API use."""
    repository = Path(__file__).parent.parent
    code, out, err = run_cli(["check", ".", "--output-format", "json"], repository)
    assert code == 0, out + err
    assert "tests/cases" not in out
    assert "fixtures/" not in out
