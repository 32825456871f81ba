"""GitHub Actions workflow commands: one annotation per finding, then the closing summary."""

from __future__ import annotations

from migrator.engine import RunResult
from migrator.model import Finding
from migrator.reporters.common import Summary, redact

_HINT = {
    "safe": "safe fix: tasks2chats check --fix",
    "unsafe": "unsafe fix: tasks2chats check --fix --unsafe-fixes, then review",
}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    level = "warning" if finding.code == "TC002" else "error"
    properties = [f"file={_property(finding.path.as_posix())}"]
    if finding.line:
        properties += [f"line={finding.line}", f"col={finding.column}"]
        if finding.end_line:
            properties += [f"endLine={finding.end_line}", f"endColumn={finding.end_column}"]
    properties.append(f"title={_property(finding.code)}")
    hint = _HINT.get(finding.applicability, f"manual step: tasks2chats rule {finding.code}")
    message = f"{redact(finding.message)} ({hint})"
    return f"::{level} {','.join(properties)}::{_data(message)}"


def report(run: RunResult, summary: Summary) -> str:
    lines = []
    for result in sorted(run.files, key=lambda r: r.path.as_posix()):
        for finding in sorted(result.findings, key=lambda f: (f.line, f.column, f.code)):
            lines.append(annotation(finding))
    lines.append(summary.closing_line())
    return "\n".join(lines) + "\n"
