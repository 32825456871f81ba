"""The data every stage shares: sources, edits, fixes and findings."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path


class Applicability(enum.Enum):
    """How far a fix can be trusted (DESIGN section 4)."""

    SAFE = "safe"
    UNSAFE = "unsafe"

    @property
    def rank(self) -> int:
        return 0 if self is Applicability.SAFE else 1


@dataclass(frozen=True, order=True)
class Edit:
    """Replace ``source.text[start:end]`` (code-point offsets) with ``text``."""

    start: int
    end: int
    text: str

    def overlaps(self, other: Edit) -> bool:
        if self.start == self.end == other.start == other.end:
            return True
        return self.start < other.end and other.start < self.end


@dataclass(eq=False)
class Fix:
    """Edits of one purpose: applied together or not at all.

    Findings that belong to one purpose (a call and the reads of its response) hold the same
    ``Fix`` object, so it is applied once.
    """

    applicability: Applicability
    edits: tuple[Edit, ...]
    title: str
    # True when the fix carries another fix's edits because it only makes sense with it
    # (a status rewrite carries its call's migration).
    dependent: bool = False

    def __post_init__(self) -> None:
        self.edits = tuple(sorted(set(self.edits)))

    def overlaps(self, other: Fix) -> bool:
        return any(a.overlaps(b) for a in self.edits for b in other.edits)


@dataclass
class Finding:
    code: str
    message: str
    path: Path
    start: int
    end: int
    fix: Fix | None = None
    # Filled by the engine from the source, 1-based, in code points.
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0

    @property
    def applicability(self) -> str:
        return self.fix.applicability.value if self.fix else "manual"


@dataclass
class Source:
    """One file as the front-ends see it.

    ``text`` is the decoded content without a byte-order mark; when every line of the file
    ended in CRLF, ``text`` uses LF and the writer restores CRLF. Offsets everywhere are
    code-point offsets into ``text``.
    """

    path: Path
    text: str
    bom: bool = False
    crlf: bool = False
    raw: bytes = b""
    language: str = ""
    _line_starts: list[int] = field(default_factory=list, repr=False)

    @classmethod
    def from_bytes(cls, path: Path, raw: bytes, language: str = "") -> Source:
        """Decode ``raw``; raises ``UnicodeDecodeError`` for anything but UTF-8."""
        bom = raw.startswith(b"\xef\xbb\xbf")
        text = raw[3:].decode("utf-8") if bom else raw.decode("utf-8")
        crlf = False
        lf_count = text.count("\n")
        if lf_count and text.count("\r\n") == lf_count:
            crlf = True
            text = text.replace("\r\n", "\n")
        return cls(path=path, text=text, bom=bom, crlf=crlf, raw=raw, language=language)

    def with_text(self, text: str) -> Source:
        return Source(
            path=self.path,
            text=text,
            bom=self.bom,
            crlf=self.crlf,
            raw=self.raw,
            language=self.language,
        )

    def to_bytes(self, text: str | None = None) -> bytes:
        out = self.text if text is None else text
        if self.crlf:
            out = out.replace("\n", "\r\n")
        data = out.encode("utf-8")
        return b"\xef\xbb\xbf" + data if self.bom else data

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (code points) of ``offset``."""
        if not self._line_starts:
            starts = [0]
            for index, char in enumerate(self.text):
                if char == "\n":
                    starts.append(index + 1)
            self._line_starts = starts
        import bisect

        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def line_text(self, line: int) -> str:
        self.line_col(0)
        start = self._line_starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start : end if end >= 0 else len(self.text)]

    def locate(self, finding: Finding) -> Finding:
        finding.line, finding.column = self.line_col(finding.start)
        finding.end_line, finding.end_column = self.line_col(max(finding.start, finding.end))
        return finding


def apply_edits(text: str, edits: list[Edit] | tuple[Edit, ...]) -> str:
    """Apply non-overlapping edits back to front."""
    out = text
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        out = out[: edit.start] + edit.text + out[edit.end :]
    return out
