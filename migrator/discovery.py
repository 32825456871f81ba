"""Finding the files to check: git-aware, honouring ignores and configured excludes."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from migrator.languages import detect

ALWAYS_SKIPPED_DIRS = frozenset(
    {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".nox"}
    | {".mypy_cache", ".pytest_cache", ".ruff_cache", ".terraform", ".direnv"}
)


@dataclass
class Candidate:
    path: Path
    language: str
    explicit: bool


@dataclass
class Skipped:
    path: Path
    reason: str
    explicit: bool


@dataclass
class Discovery:
    candidates: list[Candidate] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)


def _glob_to_regex(pattern: str) -> str:
    out = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        if pattern.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            close = pattern.find("]", index + 1)
            if close < 0:
                out.append(re.escape(char))
            else:
                body = pattern[index + 1 : close].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                index = close
        else:
            out.append(re.escape(char))
        index += 1
    return "".join(out)


@dataclass(frozen=True)
class IgnorePattern:
    """One gitignore-style pattern, relative to ``base`` (a directory)."""

    base: Path
    regex: re.Pattern[str]
    negated: bool
    dir_only: bool

    @classmethod
    def parse(cls, base: Path, line: str) -> IgnorePattern | None:
        line = line.rstrip("\n").rstrip("\r")
        if not line.strip() or line.startswith("#"):
            return None
        if not line.endswith("\\ "):
            line = line.rstrip(" ")
        negated = line.startswith("!")
        if negated:
            line = line[1:]
        if line.startswith("\\"):
            line = line[1:]
        dir_only = line.endswith("/")
        line = line.rstrip("/")
        anchored = "/" in line
        line = line.lstrip("/")
        body = _glob_to_regex(line)
        # Directories are matched one by one as the walk descends, so a pattern matches the
        # path itself; what lies below an excluded directory is never reached.
        regex = f"^{body}$" if anchored else f"^(?:.*/)?{body}$"
        return cls(base, re.compile(regex), negated, dir_only)

    def matches(self, path: Path, is_dir: bool) -> bool | None:
        try:
            relative = path.relative_to(self.base).as_posix()
        except ValueError:
            return None
        if relative == ".":
            return None
        if self.dir_only and not is_dir:
            # A dir-only pattern still matches files below a matching directory.
            parent = relative.rsplit("/", 1)[0] if "/" in relative else ""
            if not parent or not self.regex.match(parent):
                return None
            return not self.negated
        if self.regex.match(relative):
            return not self.negated
        return None


def ignored(patterns: Sequence[IgnorePattern], path: Path, is_dir: bool) -> bool:
    verdict = False
    for pattern in patterns:
        result = pattern.matches(path, is_dir)
        if result is not None:
            verdict = result
    return verdict


def _read_gitignore(directory: Path) -> list[IgnorePattern]:
    out = []
    for name in (".gitignore", ".ignore"):
        path = directory / name
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        for line in lines:
            pattern = IgnorePattern.parse(directory, line)
            if pattern is not None:
                out.append(pattern)
    return out


def _git_files(directory: Path) -> list[Path] | None:
    """Tracked and untracked-not-ignored files below ``directory``, or None outside git."""
    try:
        result = subprocess.run(
            ["git", "-C", str(directory), "ls-files", "-z", "-co", "--exclude-standard"],
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    names = result.stdout.decode("utf-8", errors="surrogateescape").split("\0")
    return [directory / name for name in names if name]


def _is_virtualenv(directory: Path) -> bool:
    try:
        return (directory / "pyvenv.cfg").is_file()
    except OSError:
        return False


def _walk(root: Path, excludes: Sequence[IgnorePattern]) -> Iterable[Path]:
    inherited: list[IgnorePattern] = []
    parent = root.parent
    chain = []
    while parent != parent.parent:
        chain.append(parent)
        if (parent / ".git").exists():
            break
        parent = parent.parent
    for directory in reversed(chain):
        inherited.extend(_read_gitignore(directory))
    stack: list[tuple[Path, list[IgnorePattern]]] = [(root, inherited + _read_gitignore(root))]
    while stack:
        directory, patterns = stack.pop()
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            path = Path(entry.path)
            is_dir = entry.is_dir(follow_symlinks=False)
            if is_dir and entry.name in ALWAYS_SKIPPED_DIRS:
                continue
            if ignored(patterns, path, is_dir) or ignored(excludes, path, is_dir):
                continue
            if is_dir:
                if _is_virtualenv(path):
                    continue
                stack.append((path, patterns + _read_gitignore(path)))
            else:
                yield path


def _filtered_git_files(root: Path, files: list[Path], excludes: Sequence[IgnorePattern]):
    for path in files:
        relative = path.relative_to(root)
        parts = relative.parts
        if any(part in ALWAYS_SKIPPED_DIRS for part in parts[:-1]):
            continue
        skip = False
        current = root
        for part in parts[:-1]:
            current = current / part
            if ignored(excludes, current, True) or _is_virtualenv(current):
                skip = True
                break
        if skip or ignored(excludes, path, False):
            continue
        yield path


def _head(path: Path) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read(256)
    except OSError:
        return None


def discover(
    paths: Sequence[Path], excludes: Sequence[IgnorePattern], force_exclude: bool = False
) -> Discovery:
    """Expand ``paths`` into the files to check.

    Directories are walked (in a git work tree: tracked plus untracked-not-ignored files);
    excludes apply to what a walk finds, and to named files only with ``force_exclude``.
    """
    found = Discovery()
    seen: set[Path] = set()
    seen_targets: set[Path] = set()

    def add(path: Path, explicit: bool, root: Path | None) -> None:
        absolute = Path(os.path.abspath(path))
        if absolute in seen:
            return
        seen.add(absolute)
        if path.is_symlink():
            try:
                target = absolute.resolve(strict=True)
            except (OSError, RuntimeError):
                reason = "symlink that loops or leads nowhere"
                found.skipped.append(Skipped(path, reason, explicit))
                return
            inside = root is not None and target.is_relative_to(root.resolve())
            if not inside and not explicit:
                found.skipped.append(Skipped(path, "symlink leaving the tree", explicit))
                return
            if inside and not explicit:
                return  # the file it points to is checked on its own
            if target in seen_targets:
                return  # the same file named twice (a link and its target)
            seen_targets.add(target)
            if not target.is_file():
                found.skipped.append(Skipped(path, "symlink to no regular file", explicit))
                return
        else:
            real = absolute.resolve()
            if real in seen_targets:
                return
            seen_targets.add(real)
        relative = path.as_posix()
        language = detect(relative, None)
        if language is None:
            head = _head(path) if explicit or "." not in path.name else None
            language = detect(relative, head) if head is not None else None
            if language is None and explicit and head is not None and head.startswith(b"#!"):
                from migrator.languages import language_by_shebang

                language = language_by_shebang(head)
        if language is None:
            return
        found.candidates.append(Candidate(path, language, explicit))

    for given in paths:
        if not given.exists() and not given.is_symlink():
            found.missing.append(given)
            continue
        if given.is_dir():
            root = Path(os.path.abspath(given))
            git_files = _git_files(root) if (root / ".git").exists() or _in_git(root) else None
            files = (
                _filtered_git_files(root, git_files, excludes)
                if git_files is not None
                else _walk(root, excludes)
            )
            for path in sorted(files):
                if path.is_dir() and not path.is_symlink():
                    continue  # a submodule
                add(_relative_to_cwd(path), False, root)
        else:
            if force_exclude and (
                ignored(excludes, Path(os.path.abspath(given)), False)
                or any(
                    ignored(excludes, Path(os.path.abspath(parent)), True)
                    for parent in given.parents
                )
            ):
                continue
            add(given, True, None)
    found.candidates.sort(key=lambda c: c.path.as_posix())
    return found


def _in_git(directory: Path) -> bool:
    current = Path(os.path.abspath(directory))
    while True:
        if (current / ".git").exists():
            return True
        if current.parent == current:
            return False
        current = current.parent


def _relative_to_cwd(path: Path) -> Path:
    """Paths below the working directory are shown relative to it; others as they are."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith("..") else Path(relative)
