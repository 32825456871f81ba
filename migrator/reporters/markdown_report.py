"""A migration report in Markdown: the summary, counts by rule and by file, what was fixed,
checklists of the manual steps and of the unsafe fixes to review, and the documentation of
every rule it mentions, so each link resolves inside the report."""

from __future__ import annotations

import re
from collections import Counter

from migrator.engine import RunResult
from migrator.model import Finding
from migrator.reporters.common import Summary, redact
from migrator.rules.base import Rule, all_rules


def _inline(text: str) -> str:
    """Text for a Markdown line or table cell: no HTML, no line breaks, no cell breaks."""
    text = " ".join(redact(text).split())
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


def _code(text: str) -> str:
    text = " ".join(redact(text).split()).replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    padding = " " if fence == "``" else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def _anchor(rule: Rule) -> str:
    heading = f"{rule.code} {rule.name}".lower()
    return re.sub(r"[^\w\- ]", "", heading).replace(" ", "-")


def _link(code: str, rules: dict[str, Rule]) -> str:
    rule = rules.get(code)
    return f"[{code}](#{_anchor(rule)})" if rule else code


def _where(finding: Finding) -> str:
    place = finding.path.as_posix()
    if finding.line:
        place += f":{finding.line}:{finding.column}"
    return _code(place)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|",
    ]
    out.extend("| " + " | ".join(row) + " |" for row in rows)
    return out


def _by_rule(findings: list[Finding], fixed: list[Finding], rules: dict[str, Rule]) -> list[str]:
    remaining = Counter((f.code, f.applicability) for f in findings)
    fixed_counts = Counter(f.code for f in fixed)
    codes = sorted({f.code for f in findings} | set(fixed_counts))
    rows = []
    for code in codes:
        name = _inline(rules[code].name) if code in rules else ""
        counts = [remaining[(code, kind)] for kind in ("safe", "unsafe", "manual")]
        rows.append([f"{_link(code, rules)} {name}", *map(str, counts), str(fixed_counts[code])])
    return _table(["Rule", "Safe fix", "Unsafe fix", "Manual", "Fixed"], rows)


def _by_file(run: RunResult) -> list[str]:
    rows = []
    for result in sorted(run.files, key=lambda r: r.path.as_posix()):
        if not result.findings and not result.fixed:
            continue
        rows.append(
            [_code(result.path.as_posix()), str(len(result.findings)), str(len(result.fixed))]
        )
    return _table(["File", "Remaining", "Fixed"], rows)


def _fixed(run: RunResult, summary: Summary, rules: dict[str, Rule]) -> list[str]:
    if not summary.fixed:
        if summary.safe or summary.unsafe:
            return [
                "Nothing was fixed in this run. `tasks2chats check --fix` applies the safe fixes."
            ]
        return ["Nothing was fixed in this run."]
    verb = "Would be fixed by" if summary.diff_only else "Fixed in"
    out = []
    for result in sorted(run.files, key=lambda r: r.path.as_posix()):
        if not result.fixed:
            continue
        counts = Counter(f.code for f in result.fixed)
        listed = ", ".join(f"{_link(code, rules)} × {n}" for code, n in sorted(counts.items()))
        out.append(f"- {verb} {_code(result.path.as_posix())}: {listed}")
    return out


def _checklist(findings: list[Finding], rules: dict[str, Rule]) -> list[str]:
    return [f"- [ ] {_where(f)} {_link(f.code, rules)}: {_inline(f.message)}" for f in findings]


def _documentation(rule: Rule) -> list[str]:
    out = [f"### {rule.code} {rule.name}", ""]
    fenced = False
    for line in rule.documentation().splitlines()[1:]:
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("#"):
            line = "##" + line
        out.append(line)
    return out


def report(run: RunResult, summary: Summary) -> str:
    rules = all_rules()
    findings = sorted(
        (f for result in run.files for f in result.findings),
        key=lambda f: (f.path.as_posix(), f.line, f.column, f.code),
    )
    out = ["# Coder Tasks API migration report", "", summary.closing_line(), ""]
    out += _table(
        ["", "Findings"],
        [
            ["Fixed", str(summary.fixed)],
            ["Fixable with `--fix`", str(summary.safe)],
            ["Fixable with `--fix --unsafe-fixes`", str(summary.unsafe)],
            ["Manual", str(summary.manual)],
            ["Files checked", str(summary.checked)],
            ["Files skipped", str(summary.skipped)],
        ],
    )
    if findings or run.fixed:
        out += ["", "## By rule", ""] + _by_rule(findings, run.fixed, rules)
        out += ["", "## By file", ""] + _by_file(run)
    out += ["", "## Fixed", ""] + _fixed(run, summary, rules)
    manual = [f for f in findings if f.applicability == "manual"]
    if manual:
        out += ["", "## Manual steps", ""] + _checklist(manual, rules)
    unsafe = [f for f in findings if f.applicability == "unsafe"]
    if unsafe:
        out += ["", "## Unsafe fixes to review", ""]
        out += ["`tasks2chats check --fix --unsafe-fixes` applies these; check each one.", ""]
        out += _checklist(unsafe, rules)
    safe = [f for f in findings if f.applicability == "safe"]
    if safe:
        out += ["", "## Safe fixes to apply", ""]
        out += ["`tasks2chats check --fix` applies these.", ""]
        out += [f"- {_where(f)} {_link(f.code, rules)}: {_inline(f.message)}" for f in safe]
    if run.skipped:
        out += ["", "## Skipped files", ""]
        out += [f"- {_code(path.as_posix())}: {_inline(reason)}" for path, reason in run.skipped]
    if run.errors:
        out += ["", "## Errors", ""] + [f"- {_inline(error)}" for error in run.errors]
    mentioned = sorted({f.code for f in findings} | {f.code for f in run.fixed})
    if mentioned:
        out += ["", "## Rule reference", ""]
        for code in mentioned:
            if code in rules:
                out += _documentation(rules[code]) + [""]
    return "\n".join(out).rstrip("\n") + "\n"
