"""A progress bar on a terminal's stderr for runs over many files; silent otherwise."""

from __future__ import annotations

import os
import time
from typing import TextIO

MIN_FILES = 50
_WIDTH = 30
_INTERVAL = 0.1


class ProgressBar:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.enabled = _interactive(stream)
        self._drawn_at = 0.0
        self._shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total < MIN_FILES:
            return
        now = time.monotonic()
        if done < total and now - self._drawn_at < _INTERVAL:
            return
        self._drawn_at = now
        filled = _WIDTH * done // total
        bar = "#" * filled + "." * (_WIDTH - filled)
        self.stream.write(f"\r\x1b[2K[{bar}] {done}/{total} files")
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self._shown = False


def _interactive(stream: TextIO) -> bool:
    """A terminal a person watches: not a pipe, not CI, not a dumb terminal."""
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
