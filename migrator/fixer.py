"""Applying fixes: non-overlapping edits back to front, re-checked to a fixed point,
validated relative to the input. A fix whose output fails validation is not applied."""

from __future__ import annotations

from dataclasses import dataclass, field

from migrator.frontends import Context, FrontEnd
from migrator.model import Applicability, Finding, Fix, Source, apply_edits
from migrator.settings import FixMode

MAX_PASSES = 8


@dataclass
class FixOutcome:
    text: str
    remaining: list[Finding]
    fixed: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def allowed(fix: Fix | None, mode: FixMode) -> bool:
    if fix is None or mode is FixMode.NONE:
        return False
    return fix.applicability is Applicability.SAFE or mode is FixMode.UNSAFE


def _choose(findings: list[Finding], mode: FixMode, refused: set[int]) -> list[Fix]:
    chosen: list[Fix] = []
    seen: set[int] = set()
    for finding in sorted(findings, key=lambda f: (f.start, f.end, f.code)):
        fix = finding.fix
        if not allowed(fix, mode) or id(fix) in seen:
            continue
        assert fix is not None
        seen.add(id(fix))
        if _fingerprint(fix) in refused:
            continue
        if any(fix.overlaps(other) for other in chosen):
            continue
        chosen.append(fix)
    return chosen


def _fingerprint(fix: Fix) -> int:
    return hash(fix.edits)


def fix_source(frontend: FrontEnd, source: Source, context: Context, mode: FixMode) -> FixOutcome:
    """Analyse ``source`` and, unless ``mode`` is NONE, fix it until nothing changes."""
    text = source.text
    fixed: list[Finding] = []
    errors: list[str] = []
    refused: set[int] = set()
    for _ in range(MAX_PASSES):
        current = source.with_text(text)
        findings = [current.locate(f) for f in frontend.analyse(current, context)]
        fixes = _choose(findings, mode, refused)
        if not fixes:
            return FixOutcome(text, findings, fixed, errors)
        edits = [edit for fix in fixes for edit in fix.edits]
        candidate = apply_edits(text, edits)
        problem = frontend.validate(source, candidate, context)
        if problem is not None:
            fixes, bad = _split_invalid(frontend, source, context, text, fixes, findings, errors)
            refused.update(_fingerprint(f) for f in bad)
            if not fixes:
                continue
            candidate = apply_edits(text, [edit for fix in fixes for edit in fix.edits])
        applied = {id(fix) for fix in fixes}
        fixed.extend(f for f in findings if f.fix is not None and id(f.fix) in applied)
        text = candidate
    current = source.with_text(text)
    findings = [current.locate(f) for f in frontend.analyse(current, context)]
    if _choose(findings, mode, refused):
        errors.append(
            f"{source.path}: fixes did not converge after {MAX_PASSES} passes; this is a bug "
            "in tasks2chats, please report it with the file"
        )
    return FixOutcome(text, findings, fixed, errors)


def _split_invalid(
    frontend: FrontEnd,
    source: Source,
    context: Context,
    text: str,
    fixes: list[Fix],
    findings: list[Finding],
    errors: list[str],
) -> tuple[list[Fix], list[Fix]]:
    """Validate each fix alone; report those that break the file."""
    good: list[Fix] = []
    bad: list[Fix] = []
    for fix in fixes:
        problem = frontend.validate(source, apply_edits(text, fix.edits), context)
        if problem is None:
            good.append(fix)
            continue
        codes = sorted({f.code for f in findings if f.fix is fix})
        where = next((f for f in findings if f.fix is fix), None)
        location = f"{source.path}:{where.line}:{where.column}" if where else str(source.path)
        errors.append(
            f"{location}: {', '.join(codes)} fix not applied, its output fails validation "
            f"({problem}); this is a bug in tasks2chats, please report it with the file"
        )
        bad.append(fix)
    if len(good) > 1:
        combined = apply_edits(text, [edit for fix in good for edit in fix.edits])
        if frontend.validate(source, combined, context) is not None:
            good = good[:1]  # valid alone, not together: the rest waits for the next pass
    return good, bad
