"""The text report: ``path:line:col: CODE [*] message``, an excerpt, the fix as a diff."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from migrator.engine import FileResult, RunResult
from migrator.model import Edit, Finding, Source, apply_edits
from migrator.reporters.common import Summary, redact


class Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def _wrap(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color else text

    def bold(self, text: str) -> str:
        return self._wrap("1", text)

    def red(self, text: str) -> str:
        return self._wrap("31", text)

    def green(self, text: str) -> str:
        return self._wrap("32", text)

    def cyan(self, text: str) -> str:
        return self._wrap("36", text)

    def dim(self, text: str) -> str:
        return self._wrap("2", text)


def marker(finding: Finding) -> str:
    if finding.fix is None:
        return ""
    return "[*] " if finding.fix.applicability.value == "safe" else "[-] "


def _excerpt(source: Source, finding: Finding, style: Style) -> Iterator[str]:
    first = finding.line
    last = min(finding.end_line or first, first + 3)
    width = len(str(last))
    for line in range(first, last + 1):
        text = redact(source.line_text(line))
        yield style.dim(f"{line:>{width}} | ") + text
        if line == first:
            start = finding.column - 1
            end = finding.end_column - 1 if finding.end_line == first else len(text)
            carets = "^" * max(1, end - start)
            yield style.dim(f"{'':>{width}} | ") + " " * start + style.red(carets)


def _fix_diff(source: Source, finding: Finding, style: Style) -> Iterator[str]:
    assert finding.fix is not None
    edits = finding.fix.edits
    # Only the lines the edits touch: diffing the whole file per finding is quadratic.
    text = source.text
    start = text.rfind("\n", 0, min(e.start for e in edits)) + 1
    end = text.find("\n", max(e.end for e in edits))
    end = len(text) if end < 0 else end + 1
    shifted = [Edit(e.start - start, e.end - start, e.text) for e in edits]
    before = text[start:end]
    after = apply_edits(before, shifted)
    diff = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), n=0, lineterm=""
    )
    for line in diff:
        if line.startswith(("---", "+++", "@@")):
            continue
        text = redact(line.rstrip("\n"))
        yield style.red(text) if text.startswith("-") else style.green(text)


def render_finding(source: Source | None, finding: Finding, style: Style, show_fix: bool) -> str:
    location = f"{finding.path.as_posix()}:{finding.line}:{finding.column}:"
    head = f"{style.bold(location)} {style.red(finding.code)} {marker(finding)}"
    lines = [head + redact(finding.message)]
    if source is not None and finding.line:
        lines.extend("  " + line for line in _excerpt(source, finding, style))
        if show_fix and finding.fix is not None:
            title = "safe fix" if finding.fix.applicability.value == "safe" else "unsafe fix"
            lines.append("  " + style.cyan(f"{title}:"))
            lines.extend("  " + line for line in _fix_diff(source, finding, style))
    return "\n".join(lines)


def final_source(result: FileResult) -> Source | None:
    if result.source is None:
        return None
    return result.source.with_text(result.final_text or result.source.text)


def report(run: RunResult, summary: Summary, style: Style, statistics: bool) -> str:
    out: list[str] = []
    for result in sorted(run.files, key=lambda r: r.path.as_posix()):
        source = final_source(result)
        for finding in sorted(result.findings, key=lambda f: (f.line, f.column, f.code)):
            out.append(render_finding(source, finding, style, show_fix=True))
            out.append("")
    if statistics:
        out.extend(summary.statistics_lines())
        out.append("")
    out.append(summary.closing_line())
    return "\n".join(out) + "\n"
