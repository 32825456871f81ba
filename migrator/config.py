"""Configuration from ``[tool.tasks2chats]`` in ``pyproject.toml`` or ``.tasks2chats.toml``.

Every checked file uses the configuration nearest above it; in one folder the dedicated file
wins, and a ``pyproject.toml`` without the table is passed over. Command-line flags win over
both. A configuration is validated when it is first read: an unknown key or a bad value is an
error that names the file, the line and the key.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from migrator.callmodel import EnvRef
from migrator.coderapi import TARGETS
from migrator.discovery import IgnorePattern, ignored
from migrator.settings import Settings


class ConfigError(Exception):
    pass


DEDICATED_NAME = ".tasks2chats.toml"
_CODE_PREFIX = re.compile(r"^TC\d{0,3}$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_UUID = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)
_TABLE_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
KEYS = (
    "target",
    "select",
    "ignore",
    "extend-select",
    "per-file-ignores",
    "exclude",
    "extend-exclude",
    "organization-id",
    "organization-id-env",
    "action",
    "resume-message",
    "coder-only",
)


@dataclass
class Config:
    path: Path | None
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def patterns(self, key: str) -> list[IgnorePattern]:
        root = Path(os.path.abspath(self.root))
        parsed = (IgnorePattern.parse(root, text) for text in self.values.get(key, ()))
        return [pattern for pattern in parsed if pattern is not None]


def _config_in(folder: Path) -> Config | None:
    dedicated = folder / DEDICATED_NAME
    if dedicated.is_file():
        return Config(dedicated, _load(dedicated, dedicated=True) or {})
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        values = _load(pyproject, dedicated=False)
        if values is not None:
            return Config(pyproject, values)
    return None


def load_file(path: Path) -> Config:
    """A configuration named with ``--config``: either kind of file, by its name."""
    if not path.is_file():
        raise ConfigError(f"{_shown(path)}: no such configuration file")
    dedicated = path.name != "pyproject.toml"
    return Config(path, _load(path, dedicated=dedicated) or {})


def _load(path: Path, dedicated: bool) -> dict[str, Any] | None:
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{_shown(path)}: cannot be read ({error})") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{_shown(path)}: not valid TOML ({error})") from error
    tool = data.get("tool")
    nested = tool.get("tasks2chats") if isinstance(tool, dict) else None
    if dedicated:
        section = data if nested is None else nested
    else:
        if nested is None:
            return None
        section = nested
    if not isinstance(section, dict):
        raise ConfigError(f"{_shown(path)}: [tool.tasks2chats] must be a table")
    validate(path, section, text, tables=_tables(dedicated, nested is not None))
    return section


def _tables(dedicated: bool, nested: bool) -> tuple[str, ...]:
    if dedicated and not nested:
        return ("",)
    return ("tool.tasks2chats",)


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


class _Validator:
    """Checks one table and says where in the file a bad key is."""

    def __init__(self, path: Path, text: str, tables: tuple[str, ...]) -> None:
        self.path = path
        self.text = text
        self.tables = tables

    def fail(self, key: str, problem: str) -> ConfigError:
        line = self._line_of(key)
        where = f"{_shown(self.path)}:{line}" if line else _shown(self.path)
        return ConfigError(f"{where}: `{key}`: {problem}")

    def _line_of(self, key: str) -> int | None:
        head, _, tail = key.partition(".")
        if tail:
            tables = tuple(f"{t}.{head}".lstrip(".") for t in self.tables)
            return self._find(tables, tail) or self._find(self.tables, head)
        return self._find(self.tables, head)

    def _find(self, tables: tuple[str, ...], name: str) -> int | None:
        quoted = re.escape(name)
        assignment = re.compile(rf"""^\s*(?:{quoted}|"{quoted}"|'{quoted}')\s*=""")
        table = ""
        for number, line in enumerate(self.text.splitlines(), start=1):
            header = _TABLE_HEADER.match(line)
            if header:
                table = re.sub(r"\s*\.\s*", ".", header.group(1)).replace('"', "")
                continue
            if table in tables and assignment.match(line):
                return number
        return None


def _codes(check: _Validator, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise check.fail(key, 'must be a list of rule codes or prefixes, such as ["TC1"]')
    from migrator.rules.base import all_rules

    known = all_rules()
    for code in value:
        if not _CODE_PREFIX.match(code):
            raise check.fail(key, f"{code!r} is not a rule code or prefix (TC1, TC104)")
        if not any(rule.startswith(code) for rule in known):
            raise check.fail(key, f"{code!r} matches no rule; `tasks2chats rule --all` lists them")
    return tuple(value)


def _globs(check: _Validator, key: str, value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise check.fail(key, 'must be a list of glob patterns, such as ["vendor/", "*.bats"]')


def _unknown(check: _Validator, key: str) -> ConfigError:
    close = difflib.get_close_matches(key.replace("_", "-").lower(), KEYS, n=1)
    hint = f"; did you mean `{close[0]}`?" if close else f"; known keys: {', '.join(KEYS)}"
    return check.fail(key, f"unknown key{hint}")


def validate(
    path: Path, section: dict[str, Any], text: str = "", tables: tuple[str, ...] = ("",)
) -> None:
    check = _Validator(path, text, tables)
    for key, value in section.items():
        if key not in KEYS:
            raise _unknown(check, key)
        if key == "target" and value not in TARGETS:
            raise check.fail(key, f"must be one of {', '.join(TARGETS)} (got {value!r})")
        if key in ("select", "ignore", "extend-select"):
            _codes(check, key, value)
        if key == "per-file-ignores":
            if not isinstance(value, dict):
                raise check.fail(key, 'must map globs to code lists: {"tests/*.sh" = ["TC1"]}')
            for glob, codes in value.items():
                if not glob.strip():
                    raise check.fail(key, "has an empty glob")
                _codes(check, f"{key}.{glob}", codes)
        if key in ("exclude", "extend-exclude"):
            _globs(check, key, value)
        if key == "organization-id" and (not isinstance(value, str) or not _UUID.match(value)):
            raise check.fail(key, f"must be an organisation UUID (got {value!r})")
        if key == "organization-id-env" and (
            not isinstance(value, str) or not _ENV_NAME.match(value)
        ):
            raise check.fail(key, f"must be an environment variable name (got {value!r})")
        if key in ("action", "resume-message") and (not isinstance(value, str) or not value):
            raise check.fail(key, "must be a non-empty string")
        if key == "action" and not re.fullmatch(r"[\w.-]+/[\w./-]+@[\w./-]+", value):
            raise check.fail(
                key, "must name an action and a ref, like coder/agents-chat-action@v0"
            )
        if key == "coder-only" and not isinstance(value, bool):
            raise check.fail(key, f"must be true or false (got {value!r})")
    if "organization-id" in section and "organization-id-env" in section:
        raise check.fail("organization-id-env", "set `organization-id` or this key, not both")


def apply(config: Config, settings: Settings) -> None:
    values = config.values
    if "target" in values:
        settings.target = values["target"]
    if "select" in values:
        settings.select = tuple(values["select"])
    if "extend-select" in values:
        settings.extend_select = tuple(values["extend-select"])
    if "ignore" in values:
        settings.ignore = tuple(values["ignore"])
    if "per-file-ignores" in values:
        settings.per_file_ignores = {k: tuple(v) for k, v in values["per-file-ignores"].items()}
    if "exclude" in values:
        settings.exclude = tuple(values["exclude"])
    if "extend-exclude" in values:
        settings.extend_exclude = tuple(values["extend-exclude"])
    if "organization-id" in values:
        settings.organization = values["organization-id"]
    if "organization-id-env" in values:
        settings.organization = EnvRef(values["organization-id-env"])
    if "action" in values:
        settings.action = values["action"]
    if "resume-message" in values:
        settings.resume_message = values["resume-message"]
    if "coder-only" in values:
        settings.coder_only = values["coder-only"]


class ConfigResolver:
    """The settings of each checked file: defaults, then the nearest configuration, then the
    command-line flags. With ``--config``, one file governs every path."""

    def __init__(
        self,
        apply_flags: Callable[[Settings], None] = lambda settings: None,
        config_file: Path | None = None,
    ) -> None:
        self._apply_flags = apply_flags
        self._explicit = load_file(config_file) if config_file is not None else None
        self._by_folder: dict[Path, Config] = {}
        self._settings: dict[int, Settings] = {}
        self._file_ignores: dict[int, list[tuple[IgnorePattern, tuple[str, ...], bool]]] = {}
        self._walk_configs: set[int] = set()

    def config_for(self, path: Path) -> Config:
        """The configuration that governs the file ``path`` (which need not exist)."""
        if self._explicit is not None:
            return self._explicit
        return self._nearest(Path(os.path.abspath(path)).parent)

    def _nearest(self, folder: Path) -> Config:
        cached = self._by_folder.get(folder)
        if cached is not None:
            return cached
        found = _config_in(folder)
        if found is None:
            found = Config(None, {}) if folder.parent == folder else self._nearest(folder.parent)
        self._by_folder[folder] = found
        return found

    def settings_for(self, path: Path) -> Settings:
        config = self.config_for(path)
        cached = self._settings.get(id(config))
        if cached is None:
            cached = Settings()
            apply(config, cached)
            self._apply_flags(cached)
            self._settings[id(config)] = cached
        return cached

    def base_settings(self) -> Settings:
        """The settings of a file in the current directory."""
        return self.settings_for(Path("-"))

    def ignored_codes(self, path: Path) -> tuple[str, ...]:
        """Codes that ``per-file-ignores`` turns off for ``path``."""
        config = self.config_for(path)
        table = self._file_ignores.get(id(config))
        if table is None:
            root = Path(os.path.abspath(config.root))
            table = []
            for glob, codes in config.values.get("per-file-ignores", {}).items():
                pattern = IgnorePattern.parse(root, glob)
                if pattern is not None:
                    table.append((replace(pattern, negated=False), tuple(codes), pattern.negated))
            self._file_ignores[id(config)] = table
        absolute = Path(os.path.abspath(path))
        codes: list[str] = []
        for pattern, pattern_codes, negated in table:
            if bool(pattern.matches(absolute, False)) != negated:
                codes.extend(pattern_codes)
        return tuple(dict.fromkeys(codes))

    def excluded(self, path: Path) -> bool:
        """Whether the configuration governing ``path`` excludes it."""
        config = self.config_for(path)
        patterns = config.patterns("exclude") + config.patterns("extend-exclude")
        absolute = Path(os.path.abspath(path))
        if ignored(patterns, absolute, False):
            return True
        base = Path(os.path.abspath(config.root))
        return any(
            ignored(patterns, parent, True)
            for parent in absolute.parents
            if parent.is_relative_to(base) and parent != base
        )

    def nested_excluded(self, path: Path) -> bool:
        """Whether a configuration found below a walked directory excludes ``path``; the
        configurations above the paths given already pruned the walk."""
        if id(self.config_for(path)) in self._walk_configs:
            return False
        return self.excluded(path)

    def walk_excludes(self, targets: list[Path]) -> list[IgnorePattern]:
        """Patterns that prune the walk below each target, from the configuration above it."""
        out: list[IgnorePattern] = []
        for target in targets:
            probe = target / "-" if target.is_dir() else target
            config = self.config_for(probe)
            if id(config) in self._walk_configs:
                continue
            self._walk_configs.add(id(config))
            out.extend(config.patterns("exclude") + config.patterns("extend-exclude"))
        return out


def validate_uuid(value: str) -> bool:
    return bool(_UUID.match(value))


def validate_env_name(value: str) -> bool:
    return bool(_ENV_NAME.match(value))
