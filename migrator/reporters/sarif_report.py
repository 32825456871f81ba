"""SARIF 2.1.0 for code scanning: every rule with its documentation as help, each finding
with a stable fingerprint, and fixes as SARIF fix objects. URIs are relative to the directory
the tool ran in (``%SRCROOT%``); columns count code points."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from migrator import INFORMATION_URI, __version__
from migrator.engine import RunResult
from migrator.model import Edit, Finding, Fix, Source
from migrator.reporters.common import Summary, redact
from migrator.reporters.text import final_source
from migrator.rules.base import Rule, all_rules

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
ROOT_ID = "%SRCROOT%"
FINGERPRINT = "tasks2chats/v1"


def _level(code: str) -> str:
    return "warning" if code == "TC002" else "error"


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def _pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[-_ ]+", name))


def _what_it_does(rule: Rule) -> str:
    match = re.search(r"## What it does\s*\n(.+?)(?:\n\s*\n|\n##|$)", rule.documentation(), re.S)
    return _sentence(match.group(1)) if match else _sentence(rule.summary)


def _rule(rule: Rule) -> dict[str, object]:
    documentation = rule.documentation()
    return {
        "id": rule.code,
        "name": _pascal(rule.name),
        "shortDescription": {"text": _sentence(rule.summary)},
        "fullDescription": {"text": _what_it_does(rule)},
        "help": {"text": documentation, "markdown": documentation},
        "defaultConfiguration": {"level": _level(rule.code)},
        "properties": {"tags": ["migration", "coder"], "fix": rule.fix.value},
    }


class _Locations:
    """Artifact locations relative to the run's directory, percent-encoded."""

    def __init__(self, root: Path) -> None:
        self.root = Path(os.path.abspath(root))

    def base_ids(self) -> dict[str, object]:
        uri = self.root.as_uri()
        return {ROOT_ID: {"uri": uri if uri.endswith("/") else uri + "/"}}

    def relative(self, path: Path) -> str:
        absolute = Path(os.path.abspath(path))
        try:
            return absolute.relative_to(self.root).as_posix()
        except ValueError:
            return absolute.as_posix()

    def artifact(self, path: Path) -> dict[str, str]:
        absolute = Path(os.path.abspath(path))
        if absolute.is_relative_to(self.root):
            return {"uri": quote(self.relative(path), safe="/"), "uriBaseId": ROOT_ID}
        return {"uri": absolute.as_uri()}


def _region(source: Source, start: int, end: int) -> dict[str, int]:
    line, column = source.line_col(start)
    end_line, end_column = source.line_col(max(start, end))
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def _finding_region(source: Source | None, finding: Finding) -> dict[str, int]:
    if source is None or not finding.line:
        # A file that could not be read or decoded: its start.
        return {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1}
    return _region(source, finding.start, finding.end)


def _fix(source: Source | None, fix: Fix, artifact: dict[str, str]) -> dict[str, object] | None:
    if source is None or any(redact(edit.text) != edit.text for edit in fix.edits):
        return None  # a fix that would carry a secret into the report is left out
    replacements = [_replacement(source, edit) for edit in fix.edits]
    return {
        "description": {"text": _sentence(f"{fix.title} ({fix.applicability.value} fix)")},
        "artifactChanges": [{"artifactLocation": artifact, "replacements": replacements}],
    }


def _replacement(source: Source, edit: Edit) -> dict[str, object]:
    out: dict[str, object] = {"deletedRegion": _region(source, edit.start, edit.end)}
    if edit.text:
        out["insertedContent"] = {"text": edit.text}
    return out


def _fingerprint(finding: Finding, source: Source | None, where: str, seen: Counter) -> str:
    """Stable across unrelated edits: the rule, the file, the code the finding covers (with
    whitespace collapsed) and which occurrence of that code in the file it is."""
    if source is not None and finding.end > finding.start:
        covered = source.text[finding.start : finding.end]
    elif source is not None and finding.line:
        covered = source.line_text(finding.line)
    else:
        covered = finding.message
    key = (finding.code, where, " ".join(redact(covered).split()))
    seen[key] += 1
    material = "\0".join((*key, str(seen[key])))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def _result(
    finding: Finding,
    source: Source | None,
    locations: _Locations,
    rule_index: int,
    seen: Counter,
) -> dict[str, object]:
    artifact = locations.artifact(finding.path)
    physical = {"artifactLocation": artifact, "region": _finding_region(source, finding)}
    out: dict[str, object] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": _level(finding.code),
        "message": {"text": _sentence(redact(finding.message))},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {
            FINGERPRINT: _fingerprint(finding, source, locations.relative(finding.path), seen)
        },
        "properties": {"applicability": finding.applicability},
    }
    if finding.fix is not None:
        fix = _fix(source, finding.fix, artifact)
        if fix is not None:
            out["fixes"] = [fix]
    return out


def _notifications(run: RunResult, locations: _Locations) -> list[dict[str, object]]:
    out: list[dict[str, object]] = [
        {"level": "error", "message": {"text": _sentence(redact(error))}} for error in run.errors
    ]
    for path, reason in run.skipped:
        text = f"{locations.relative(path)} was skipped: {reason}"
        out.append({"level": "note", "message": {"text": _sentence(redact(text))}})
    return out


def report(run: RunResult, summary: Summary, root: Path | None = None) -> str:
    locations = _Locations(root or Path.cwd())
    rules = all_rules()
    index = {code: position for position, code in enumerate(rules)}
    results = []
    for file_result in sorted(run.files, key=lambda r: r.path.as_posix()):
        source = final_source(file_result)
        seen: Counter = Counter()
        for finding in sorted(file_result.findings, key=lambda f: (f.line, f.column, f.code)):
            results.append(_result(finding, source, locations, index[finding.code], seen))
    invocation: dict[str, object] = {"executionSuccessful": not run.errors}
    notifications = _notifications(run, locations)
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "tasks2chats",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(rule) for rule in rules.values()],
                    }
                },
                "originalUriBaseIds": locations.base_ids(),
                "columnKind": "unicodeCodePoints",
                "invocations": [invocation],
                "results": results,
                "properties": {"summary": summary.counts()},
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
