"""The report formats: GitHub annotations, the Markdown migration report, the closing summary
they share, and that no format echoes a secret found in a scanned file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from migrator.engine import FileResult, RunResult
from migrator.model import Applicability, Edit, Finding, Fix, Source
from migrator.reporters import github_report, json_report, markdown_report, sarif_report, text
from migrator.reporters.common import Summary, redact
from tests.harness import run_cli

TOKEN = "Coder-Session-Token: $CODER_SESSION_TOKEN"
DELETE = f'curl -X DELETE -H "{TOKEN}" "$CODER_URL/api/v2/tasks/me/$ID"'
UPDATE = (
    f'curl -X PATCH -H "{TOKEN}" -d \'{{"input": "x"}}\' "$CODER_URL/api/v2/tasks/me/$ID/input"'
)
SECRETS = {
    "coder session token": "Xk3v9QpL2a-Zr8mT4wYb6nHc1dFg5jKsW",
    "anthropic key": "sk-ant-api03-" + "Qx7Lm2Np9Rs4Tv6Wy8Za1Bc3De5Fg7Hj9Kl",
    "openai key": "sk-proj-" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6",
    "github token": "ghp_" + "R7tY9uI1oP3aS5dF7gH9jK1lZ3xC5vB7nM9q",
    "github fine-grained token": "github_pat_" + "11ABCDEFG0" + "x" * 40,
}


@pytest.mark.parametrize("name,secret", SECRETS.items())
def test_redact_hides_each_kind_of_secret(name: str, secret: str) -> None:
    assert secret not in redact(f"header {secret} and more")
    assert secret not in redact(f'export SOME_VALUE="{secret}"')


def test_redact_keeps_references() -> None:
    line = 'curl -H "Coder-Session-Token: $CODER_SESSION_TOKEN" -H "Authorization: Bearer ${T}"'
    assert redact(line) == line


def _run_with_secrets() -> RunResult:
    """A run whose excerpts, messages, fix text and errors all hold secrets."""
    secrets = list(SECRETS.values())
    text_ = (
        f'curl -H "Coder-Session-Token: {secrets[0]}" "$CODER_URL/api/v2/tasks/me/$ID"\n'
        f"ANTHROPIC_API_KEY={secrets[1]} agent run\n"
    )
    source = Source(Path("leaky.sh"), text_, language="shell")
    end = text_.index("\n")
    fix = Fix(Applicability.SAFE, (Edit(0, end, f"curl -H 'x: {secrets[3]}'"),), "Rewrite")
    findings = [
        source.locate(
            Finding("TC103", f"uses {secrets[2]} in the call", source.path, 0, end, fix)
        ),
        source.locate(Finding("TC106", f"key {secrets[4]} read", source.path, end + 1, end + 40)),
    ]
    result = FileResult(source.path, source, text_, findings=findings, language="shell")
    return RunResult(files=[result], errors=[f"leaky.sh: failed near {secrets[1]}"], checked=1)


def _all_formats(run: RunResult) -> dict[str, str]:
    summary = Summary.of(run, "none")
    return {
        "text": text.report(run, summary, text.Style(False), True),
        "json": json_report.report(run, summary),
        "sarif": sarif_report.report(run, summary),
        "github": github_report.report(run, summary),
        "markdown": markdown_report.report(run, summary),
    }


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github", "markdown"])
def test_no_format_echoes_a_secret(output_format: str) -> None:
    output = _all_formats(_run_with_secrets())[output_format]
    for name, secret in SECRETS.items():
        assert secret not in output, f"{output_format} shows the {name}"
    assert "[redacted]" in output


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github", "markdown"])
def test_no_format_echoes_a_secret_from_a_real_scan(tmp_path: Path, output_format: str) -> None:
    token, key = SECRETS["coder session token"], SECRETS["anthropic key"]
    script = (
        f"export ANTHROPIC_API_KEY={key}\n"
        f'curl -X DELETE -H "Coder-Session-Token: {token}" "$CODER_URL/api/v2/tasks/me/$ID"\n'
        f'curl "$CODER_URL/api/v2/tasks?q=owner:me" -H "Coder-Session-Token: {token}"\n'
    )
    (tmp_path / "leaky.sh").write_text(script)
    code, out, err = run_cli(["check", ".", "--output-format", output_format], tmp_path)
    assert code == 1, err
    assert "TC104" in out
    assert token not in out + err and key not in out + err


def _findings_run(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    (tmp_path / "ops").mkdir(exist_ok=True)
    (tmp_path / "ops" / "clean,up:now.sh").write_text(f"{DELETE}\ncoder task list\n{UPDATE}\n")
    (tmp_path / "stale.sh").write_text("uptime  # tasks2chats: ignore[TC104]\n")
    return run_cli(["check", ".", *args], tmp_path)


def test_github_annotations(tmp_path: Path) -> None:
    code, out, _err = _findings_run(tmp_path, "--output-format", "github")
    assert code == 1
    lines = out.splitlines()
    name = "ops/clean%2Cup%3Anow.sh"
    assert lines[0] == (
        f"::error file={name},line=1,col=1,endLine=1,endColumn={len(DELETE) + 1},"
        "title=TC104::`DELETE /api/v2/tasks/{user}/{task}`: chats are archived, not deleted: "
        '`PATCH /api/experimental/chats/{chat}` with `{"archived": true}` (the workspace is '
        "not deleted with it) (safe fix: tasks2chats check --fix)"
    )
    assert lines[1].startswith(f"::error file={name},line=2,col=1,")
    assert lines[1].endswith("(manual step: tasks2chats rule TC301)")
    assert lines[2].startswith(f"::error file={name},line=3,col=1,")
    assert ",title=TC106::" in lines[2]
    assert lines[3].startswith("::warning file=stale.sh,line=1,col=11,")
    assert ",title=TC002::" in lines[3]
    assert lines[4] == (
        "4 remaining: 2 fixable with --fix, 0 with --fix --unsafe-fixes, 2 manual. "
        "2 files checked."
    )
    assert len(lines) == 5


def test_github_messages_cannot_start_a_new_command() -> None:
    source = Source(Path("a.sh"), "x\n", language="shell")
    finding = source.locate(Finding("TC106", "50% done\n::stop-commands::x\r", source.path, 0, 1))
    line = github_report.annotation(finding)
    assert "\n" not in line and "\r" not in line
    assert "50%25 done%0A::stop-commands::x%0D" in line


def test_markdown_report(tmp_path: Path) -> None:
    code, out, _err = _findings_run(tmp_path, "--output-format", "markdown")
    assert code == 1
    assert out.startswith("# Coder Tasks API migration report\n")
    assert (
        "4 remaining: 2 fixable with --fix, 0 with --fix --unsafe-fixes, 2 manual. "
        "2 files checked." in out
    )
    assert "| [TC104](#tc104-delete-task) delete-task | 1 | 0 | 0 | 0 |" in out
    assert "| `ops/clean,up:now.sh` | 3 | 0 |" in out
    assert "| `stale.sh` | 1 | 0 |" in out
    manual = out.split("## Manual steps\n", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^- \[ \] `([^`]+)` \[(TC\d+)\]", manual, re.M) == [
        ("ops/clean,up:now.sh:2:1", "TC301"),
        ("ops/clean,up:now.sh:3:1", "TC106"),
    ]
    headings = {
        re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-")
        for h in re.findall(r"^#+ (.+)$", out, re.M)
    }
    links = set(re.findall(r"\]\(#([^)]+)\)", out))
    assert links and links <= headings, "every rule link resolves inside the report"
    assert "#### Fix safety" in out, "rule documentation is nested under its rule"


def test_markdown_report_says_what_was_fixed(tmp_path: Path) -> None:
    code, out, _err = _findings_run(tmp_path, "--fix", "--output-format", "markdown")
    assert code == 1
    fixed = out.split("## Fixed\n", 1)[1].split("\n## ", 1)[0]
    assert "- Fixed in `ops/clean,up:now.sh`: [TC104](#tc104-delete-task) × 1" in fixed
    assert "- Fixed in `stale.sh`: [TC002](#tc002-unused-suppression) × 1" in fixed
    assert "| Fixed | 2 |" in out


def test_markdown_keeps_html_and_table_breaks_out() -> None:
    source = Source(Path("a|b.sh"), "x\n", language="shell")
    finding = source.locate(Finding("TC106", "a <script> | b", source.path, 0, 1))
    result = FileResult(source.path, source, source.text, findings=[finding], language="shell")
    run = RunResult(files=[result], checked=1)
    out = markdown_report.report(run, Summary.of(run, "none"))
    assert "<script>" not in out and "a &lt;script&gt; \\| b" in out
    assert "| `a\\|b.sh` | 1 | 0 |" in out


def test_closing_summary_is_the_same_in_every_human_format(tmp_path: Path) -> None:
    _code, text_out, _ = _findings_run(tmp_path)
    closing = text_out.rstrip("\n").splitlines()[-1]
    for output_format in ("github", "markdown"):
        _code, out, _ = _findings_run(tmp_path, "--output-format", output_format)
        assert closing in out.splitlines()
    _code, out, _ = _findings_run(tmp_path, "--output-format", "json")
    counts = json.loads(out)["summary"]
    _code, out, _ = _findings_run(tmp_path, "--output-format", "sarif")
    assert json.loads(out)["runs"][0]["properties"]["summary"] == counts
