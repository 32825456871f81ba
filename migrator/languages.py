"""Which front-end reads a file: by name first, then by shebang."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

_SHEBANG = re.compile(rb"^#![ \t]*(?:\S*/)?(?:env[ \t]+(?:-\S+[ \t]+)*)?(\S+)")
_SHELLS = {b"sh", b"bash", b"dash", b"ksh", b"zsh"}
_PYTHONS = re.compile(rb"^python(?:\d+(?:\.\d+)?)?$")
_WORKFLOW_DIRS = (".github/workflows", ".gitea/workflows", ".forgejo/workflows")


def language_by_name(relative: str) -> str | None:
    path = PurePosixPath(relative)
    name = path.name
    suffix = path.suffix.lower()
    if suffix in (".py", ".pyi"):
        return "python"
    if suffix in (".sh", ".bash", ".bats", ".ksh"):
        return "shell"
    if suffix == ".tf":
        return "terraform"
    if suffix in (".yml", ".yaml"):
        parent = str(path.parent)
        if any(parent == d or parent.endswith("/" + d) for d in _WORKFLOW_DIRS):
            return "workflow"
        if name in ("action.yml", "action.yaml"):
            return "workflow"
    return None


def language_by_shebang(head: bytes) -> str | None:
    match = _SHEBANG.match(head)
    if not match:
        return None
    interpreter = match.group(1)
    if interpreter in _SHELLS:
        return "shell"
    if _PYTHONS.match(interpreter):
        return "python"
    return None


def detect(relative: str, head: bytes | None) -> str | None:
    by_name = language_by_name(relative)
    if by_name is not None:
        return by_name
    if head is not None and "." not in PurePosixPath(relative).name:
        return language_by_shebang(head)
    return None
