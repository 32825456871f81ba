"""The settings one run works with, whatever they came from (flags, config)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from migrator.callmodel import EnvRef
from migrator.coderapi import DEFAULT_CHAT_ACTION, DEFAULT_RESUME_MESSAGE, DEFAULT_TARGET


class FixMode(enum.Enum):
    NONE = "none"
    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass
class Settings:
    target: str = DEFAULT_TARGET
    organization: str | EnvRef | None = None
    resume_message: str = DEFAULT_RESUME_MESSAGE
    action: str = DEFAULT_CHAT_ACTION
    select: tuple[str, ...] = ("TC",)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    extend_exclude: tuple[str, ...] = ()
    force_exclude: bool = False
    coder_only: bool = False
    fix_mode: FixMode = FixMode.NONE
    max_file_bytes: int = 4 * 1024 * 1024

    def is_selected(self, code: str) -> bool:
        """ruff's rule: the longest matching prefix between select and ignore decides."""
        chosen = self.select + self.extend_select
        best_select = max((len(p) for p in chosen if code.startswith(p)), default=-1)
        best_ignore = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        return best_select >= 0 and best_select > best_ignore
