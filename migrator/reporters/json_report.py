"""The JSON report: every finding with its location, fix applicability and edits."""

from __future__ import annotations

import json

from migrator import __version__
from migrator.engine import RunResult
from migrator.model import Finding, Source
from migrator.reporters.common import Summary, redact
from migrator.reporters.text import final_source


def _edit(source: Source | None, start: int, end: int, text: str) -> dict[str, object]:
    out: dict[str, object] = {"content": text}
    if source is not None:
        line, column = source.line_col(start)
        end_line, end_column = source.line_col(end)
        out["location"] = {"row": line, "column": column}
        out["end_location"] = {"row": end_line, "column": end_column}
    return out


def finding_dict(finding: Finding, source: Source | None) -> dict[str, object]:
    fix = None
    if finding.fix is not None:
        fix = {
            "applicability": finding.fix.applicability.value,
            "message": finding.fix.title,
            "edits": [_edit(source, e.start, e.end, e.text) for e in finding.fix.edits],
        }
        if any(redact(e.text) != e.text for e in finding.fix.edits):
            # Edits with a secret in them are withheld whole: a redacted edit applied by
            # another tool would corrupt the file. `--fix` still applies them.
            fix["edits"] = None
            fix["withheld"] = "an edit holds a secret from the file; run --fix to apply it"
    return {
        "code": finding.code,
        "message": redact(finding.message),
        "filename": finding.path.as_posix(),
        "location": {"row": finding.line, "column": finding.column},
        "end_location": {"row": finding.end_line, "column": finding.end_column},
        "fix": fix,
    }


def report(run: RunResult, summary: Summary) -> str:
    findings = []
    for result in sorted(run.files, key=lambda r: r.path.as_posix()):
        source = final_source(result)
        for finding in sorted(result.findings, key=lambda f: (f.line, f.column, f.code)):
            findings.append(finding_dict(finding, source))
    document = {
        "tool": {"name": "tasks2chats", "version": __version__},
        "findings": findings,
        "summary": summary.counts(),
        "skipped": [
            {"filename": path.as_posix(), "reason": reason} for path, reason in run.skipped
        ],
        "errors": [redact(e) for e in run.errors],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
