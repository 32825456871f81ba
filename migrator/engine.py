"""One run: discover → prefilter → front-ends and rules → fixer → results.

The engine owns no knowledge of languages or APIs; it moves files through the stages.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from migrator.discovery import Candidate, IgnorePattern, discover
from migrator.fixer import FixOutcome, fix_source
from migrator.frontends import Context, ParseError, frontend_for
from migrator.model import Finding, Source
from migrator.prefilter import literals_for
from migrator.settings import FixMode, Settings
from migrator.suppressions import (
    SuppressingFrontEnd,
    filter_findings,
    matches_code,
    mentions_suppression,
)

if TYPE_CHECKING:
    from migrator.config import ConfigResolver


@dataclass
class FileResult:
    path: Path
    source: Source | None
    final_text: str | None = None
    findings: list[Finding] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    language: str = ""

    @property
    def changed(self) -> bool:
        return self.source is not None and self.final_text not in (None, self.source.text)


@dataclass
class RunResult:
    files: list[FileResult] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    checked: int = 0

    @property
    def findings(self) -> list[Finding]:
        return [f for result in self.files for f in result.findings]

    @property
    def fixed(self) -> list[Finding]:
        return [f for result in self.files for f in result.fixed]


def tc001(path: Path, message: str, source: Source | None = None, offset: int = 0) -> Finding:
    finding = Finding("TC001", message, path, offset, offset)
    if source is not None:
        source.locate(finding)
    else:
        finding.line, finding.column, finding.end_line, finding.end_column = 1, 1, 1, 1
    return finding


# Rounds of re-checking a Terraform module whose files changed (a chain of removals across
# its files needs one round per file it crosses backwards).
MAX_RECHECK_ROUNDS = 8


class Engine:
    def __init__(
        self,
        settings: Settings,
        excludes: Sequence[IgnorePattern] = (),
        resolver: ConfigResolver | None = None,
    ) -> None:
        self.settings = settings
        self.excludes = list(excludes)
        # Per-file settings from the nearest configuration, when there is one.
        self.resolver = resolver
        # Called with (position, files in the run) as each file starts.
        self.progress: Callable[[int, int], None] | None = None
        self._overlay: dict[Path, str] = {}
        self._run_files: frozenset[Path] = frozenset()

    def settings_for(self, path: Path) -> Settings:
        return self.resolver.settings_for(path) if self.resolver else self.settings

    def _ignored_codes(self, path: Path) -> tuple[str, ...]:
        return self.resolver.ignored_codes(path) if self.resolver else ()

    def _excluded(self, candidate: Candidate) -> bool:
        if self.resolver is None or (candidate.explicit and not self.settings.force_exclude):
            return False
        return self.resolver.nested_excluded(candidate.path)

    def read_file(self, path: Path) -> str | None:
        """A sibling file's current text: as this run left it, or as it is on disk."""
        key = Path(os.path.abspath(path))
        if key in self._overlay:
            return self._overlay[key]
        try:
            return Source.from_bytes(path, path.read_bytes()).text
        except (OSError, UnicodeDecodeError):
            return None

    def context(self, settings: Settings | None = None) -> Context:
        return Context(settings or self.settings, self.read_file, self._run_files)

    def run(self, paths: Sequence[Path]) -> RunResult:
        found = discover(paths, self.excludes, self.settings.force_exclude)
        result = RunResult()
        for missing in found.missing:
            result.errors.append(f"{missing}: no such file or directory; check the path")
        for skipped in found.skipped:
            result.skipped.append((skipped.path, skipped.reason))
            if skipped.explicit:
                result.files.append(
                    FileResult(skipped.path, None, findings=[tc001(skipped.path, skipped.reason)])
                )
        pending = [c for c in found.candidates if not self._excluded(c)]
        self._run_files = frozenset(Path(os.path.abspath(c.path)) for c in pending)
        for done, candidate in enumerate(pending, start=1):
            if self.progress is not None:
                self.progress(done, len(pending))
            file_result = self.check_file(candidate)
            if file_result is None:
                continue
            if file_result.source is None and not file_result.findings:
                result.skipped.append((candidate.path, file_result.errors[0]))
                continue
            result.checked += 1
            result.files.append(file_result)
        self._recheck_groups(result)
        for file_result in result.files:
            result.errors.extend(file_result.errors)
        return result

    def check_text(self, path: Path, raw: bytes, language: str) -> FileResult:
        """Check one file whose bytes are given (``--stdin-filename``)."""
        return self._check_bytes(Candidate(path, language, True), raw)

    def check_file(self, candidate: Candidate) -> FileResult | None:
        path = candidate.path
        try:
            size = path.stat().st_size
            if size > self.settings.max_file_bytes:
                return self._skip(candidate, f"larger than {self.settings.max_file_bytes} bytes")
            raw = path.read_bytes()
        except OSError as error:
            return self._skip(candidate, f"cannot be read ({error.strerror or error})")
        return self._check_bytes(candidate, raw)

    def _skip(self, candidate: Candidate, reason: str) -> FileResult:
        if candidate.explicit:
            return FileResult(candidate.path, None, findings=[tc001(candidate.path, reason)])
        return FileResult(candidate.path, None, errors=[reason])

    def _check_bytes(self, candidate: Candidate, raw: bytes) -> FileResult:
        path = candidate.path
        if b"\0" in raw[:8192]:
            return self._skip(candidate, "binary file")
        settings = self.settings_for(path)
        try:
            source = Source.from_bytes(path, raw, candidate.language)
        except UnicodeDecodeError as error:
            message = f"cannot be decoded as UTF-8 (byte {error.start}); re-save it as UTF-8"
            finding = tc001(path, message)
            on = settings.is_selected("TC001") and not matches_code(
                "TC001", self._ignored_codes(path)
            )
            return FileResult(path, None, findings=[finding] if on else [])
        result = FileResult(path, source, source.text, language=candidate.language)
        if not self._passes_prefilter(candidate.language, raw, settings):
            if mentions_suppression(raw):
                ignored = self._ignored_codes(path)
                result.findings = filter_findings(source, [], settings, ignored, "prefilter")
            return result
        self._analyse_and_fix(result, settings)
        return result

    def _passes_prefilter(self, language: str, raw: bytes, settings: Settings) -> bool:
        literals = literals_for(language, settings)
        return any(literal in raw for literal in literals)

    def _analyse_and_fix(self, result: FileResult, settings: Settings) -> None:
        assert result.source is not None
        ignored = self._ignored_codes(result.path)
        frontend = SuppressingFrontEnd(frontend_for(result.language), ignored)
        try:
            outcome: FixOutcome = fix_source(
                frontend, result.source, self.context(settings), self.settings.fix_mode
            )
        except ParseError as error:
            message = f"cannot be parsed: {error}"
            finding = tc001(result.path, message, result.source, error.offset)
            result.findings = filter_findings(result.source, [finding], settings, ignored, "none")
            return
        except (RecursionError, MemoryError) as error:
            # Code nested or repeated past what the analysis can hold (a 500-term string
            # concatenation): the file is reported unchecked, the run goes on.
            kind = "nested too deeply" if isinstance(error, RecursionError) else "too large"
            message = f"cannot be analysed: the code is {kind} for tasks2chats to read"
            finding = tc001(result.path, message, result.source, 0)
            result.findings = filter_findings(result.source, [finding], settings, ignored, "none")
            return
        except Exception as error:  # noqa: BLE001 - one file's bug must not hide the others
            result.errors.append(
                f"{result.path}: internal error while checking ({type(error).__name__}: "
                f"{error}); this is a bug in tasks2chats, please report it with the file"
            )
            return
        result.final_text = outcome.text
        result.findings = outcome.remaining
        result.fixed = outcome.fixed
        result.errors.extend(outcome.errors)
        if outcome.text != result.source.text:
            self._overlay[Path(os.path.abspath(result.path))] = outcome.text

    def _recheck_groups(self, result: RunResult) -> None:
        """Files whose findings depend on siblings (a Terraform module) are checked again
        when a sibling changed in this run, round after round until a round changes nothing:
        a removal in one file can wait for a sibling's removal of what refers to it."""
        if self.settings.fix_mode is FixMode.NONE:
            return
        changed_dirs = {
            Path(os.path.abspath(r.path)).parent
            for r in result.files
            if r.changed and r.language == "terraform"
        }
        for _round in range(MAX_RECHECK_ROUNDS):
            if not changed_dirs:
                return
            changed_dirs = self._recheck_round(result, changed_dirs)

    def _recheck_round(self, result: RunResult, changed_dirs: set[Path]) -> set[Path]:
        changed_now: set[Path] = set()
        for file_result in result.files:
            if file_result.source is None or file_result.language != "terraform":
                continue
            directory = Path(os.path.abspath(file_result.path)).parent
            if directory not in changed_dirs:
                continue
            current = file_result.source.with_text(file_result.final_text or "")
            ignored = self._ignored_codes(file_result.path)
            frontend = SuppressingFrontEnd(frontend_for("terraform"), ignored)
            context = self.context(self.settings_for(file_result.path))
            try:
                outcome = fix_source(frontend, current, context, self.settings.fix_mode)
            except ParseError:
                continue
            file_result.fixed.extend(outcome.fixed)
            file_result.final_text = outcome.text
            file_result.findings = outcome.remaining
            file_result.errors.extend(outcome.errors)
            if outcome.text != current.text:
                self._overlay[Path(os.path.abspath(file_result.path))] = outcome.text
                changed_now.add(directory)
        return changed_now
