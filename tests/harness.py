"""The shared fixture harness: run the real CLI over a case's input tree, compare findings
and the fixed tree, fix again (nothing may change), and re-run line-ending variants."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner

from migrator.cli import main

CASES = Path(__file__).parent / "cases"
REPOSITORY = Path(__file__).parent.parent


@dataclass
class Case:
    directory: Path
    args: list[str] = field(default_factory=list)
    fix: str = "unsafe"

    @property
    def id(self) -> str:
        return self.directory.relative_to(CASES).as_posix()

    @property
    def input(self) -> Path:
        return self.directory / "input"

    @property
    def expected(self) -> Path:
        expected = self.directory / "expected"
        return expected if expected.is_dir() else self.input

    def expected_findings(self) -> list[str]:
        path = self.directory / "findings.txt"
        if not path.exists():
            raise AssertionError(f"{self.id}: findings.txt is missing")
        return sorted(line for line in path.read_text().splitlines() if line.strip())

    def fix_args(self) -> list[str]:
        return ["--fix"] + (["--unsafe-fixes"] if self.fix == "unsafe" else [])


def discover_cases() -> Iterator[Case]:
    for findings in sorted(CASES.rglob("findings.txt")):
        directory = findings.parent
        if not (directory / "input").is_dir():
            continue
        case = Case(directory)
        config = directory / "case.toml"
        if config.exists():
            data = tomllib.loads(config.read_text())
            case.args = list(data.get("args", []))
            case.fix = data.get("fix", "unsafe")
        yield case


def tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def copy_tree(source: Path, destination: Path) -> None:
    shutil.copytree(source, destination, dirs_exist_ok=True)


def run_cli(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """Run the real command line in-process, in ``cwd``."""
    runner = CliRunner()
    previous = os.getcwd()
    os.chdir(cwd)
    try:
        result = runner.invoke(main, args, catch_exceptions=False)
    finally:
        os.chdir(previous)
    return result.exit_code, result.stdout, result.stderr


def run_subprocess(args: list[str], cwd: Path, stdin: bytes | None = None):
    return subprocess.run(
        [sys.executable, "-m", "migrator", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        timeout=300,
    )


def findings_of(workdir: Path, extra: list[str]) -> list[str]:
    code, out, err = run_cli(["check", ".", "--output-format", "json", *extra], workdir)
    assert code in (0, 1), f"check exited {code}: {err}"
    document = json.loads(out)
    lines = []
    for finding in document["findings"]:
        applicability = finding["fix"]["applicability"] if finding["fix"] else "manual"
        name = finding["filename"]
        lines.append(
            f"{name}:{finding['location']['row']}:{finding['location']['column']}: "
            f"{finding['code']} {applicability}"
        )
    return sorted(lines)


def to_crlf(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def strip_final_newline(data: bytes) -> bytes:
    return data[:-1] if data.endswith(b"\n") and not data.endswith(b"\n\n") else data


def write_variant(source: Path, destination: Path, transform) -> None:
    copy_tree(source, destination)
    for path in destination.rglob("*"):
        if path.is_file():
            path.write_bytes(transform(path.read_bytes()))


def run_case(case: Case, workdir: Path) -> None:
    """Every check the harness makes on one case."""
    copy_tree(case.input, workdir)
    before = tree(workdir)
    assert findings_of(workdir, case.args) == case.expected_findings(), (
        f"{case.id}: findings differ"
    )
    assert tree(workdir) == before, f"{case.id}: check without --fix changed files"

    code, _out, err = run_cli(["check", ".", *case.fix_args(), *case.args], workdir)
    assert code in (0, 1), f"{case.id}: --fix exited {code}: {err}"
    after = tree(workdir)
    expected = tree(case.expected)
    for name in sorted(set(after) | set(expected)):
        assert after.get(name) == expected.get(name), (
            f"{case.id}: {name} differs from expected after --fix\n"
            f"--- got ---\n{after.get(name, b'').decode(errors='replace')}"
        )

    code, _out, err = run_cli(["check", ".", *case.fix_args(), *case.args], workdir)
    assert code in (0, 1), f"{case.id}: second --fix exited {code}: {err}"
    assert tree(workdir) == after, f"{case.id}: a second --fix changed the files again"
