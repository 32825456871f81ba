"""Front-ends: one per input language. Each parses a file, extracts the sites rules read,
runs the rule families that apply, and checks its own output after a fix.

Front-ends are imported lazily, by language, so a run over shell files never imports libcst
or python-hcl2.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from migrator.model import Finding, Source
from migrator.settings import Settings


class ParseError(Exception):
    """The file cannot be parsed; ``offset`` is where (code points), when known."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass
class Context:
    """What a front-end may ask of the run besides its own file."""

    settings: Settings
    read_file: Callable[[Path], str | None] = lambda path: None
    # Files of the run, so a front-end can tell which siblings it may not edit.
    run_files: frozenset[Path] = field(default_factory=frozenset)

    def selected(self, code: str) -> bool:
        return self.settings.is_selected(code)


class FrontEnd(Protocol):
    language: str

    def analyse(self, source: Source, context: Context) -> list[Finding]:
        """Findings for ``source``; raises ``ParseError`` if it cannot be read at all."""
        ...

    def validate(self, before: Source, after: str, context: Context) -> str | None:
        """A description of what ``after`` breaks that ``before`` did not, else ``None``."""
        ...


_MODULES = {
    "shell": "migrator.frontends.shell",
    "python": "migrator.frontends.python",
    "workflow": "migrator.frontends.workflow",
    "terraform": "migrator.frontends.terraform",
}


def frontend_for(language: str) -> FrontEnd:
    module = importlib.import_module(_MODULES[language])
    return module.FRONTEND
