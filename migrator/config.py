"""Configuration from ``[tool.tasks2chats]`` in ``pyproject.toml`` or ``.tasks2chats.toml``
(the dedicated file wins in the same folder)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from migrator.callmodel import EnvRef
from migrator.coderapi import TARGETS
from migrator.settings import Settings


class ConfigError(Exception):
    pass


_CODE_PREFIX = re.compile(r"^TC\d{0,3}$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
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


def find_config(start: Path) -> Config:
    """The nearest configuration at or above ``start``."""
    directory = start.resolve()
    if directory.is_file():
        directory = directory.parent
    for folder in (directory, *directory.parents):
        dedicated = folder / ".tasks2chats.toml"
        if dedicated.is_file():
            return Config(dedicated, _load(dedicated, dedicated=True))
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            values = _load(pyproject, dedicated=False)
            if values is not None:
                return Config(pyproject, values)
    return Config(None, {})


def _load(path: Path, dedicated: bool) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read ({error})") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from error
    if dedicated:
        section = data.get("tool", {}).get("tasks2chats", data)
    else:
        section = data.get("tool", {}).get("tasks2chats")
        if section is None:
            return None
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [tool.tasks2chats] must be a table")
    validate(path, section)
    return section


def _codes(path: Path, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: `{key}` must be a list of rule codes such as [\"TC1\"]")
    for code in value:
        if not _CODE_PREFIX.match(code):
            raise ConfigError(
                f"{path}: `{key}` has {code!r}, which is not a rule code or prefix (TC1, TC104)"
            )
    return tuple(value)


def validate(path: Path, section: dict[str, Any]) -> None:
    for key, value in section.items():
        if key not in KEYS:
            raise ConfigError(
                f"{path}: unknown key `{key}` in [tool.tasks2chats]; known keys: "
                + ", ".join(KEYS)
            )
        if key == "target" and value not in TARGETS:
            raise ConfigError(f"{path}: `target` must be one of {', '.join(TARGETS)}")
        if key in ("select", "ignore", "extend-select"):
            _codes(path, key, value)
        if key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: `per-file-ignores` must map globs to code lists")
            for glob, codes in value.items():
                _codes(path, f"per-file-ignores.{glob}", codes)
        if key in ("exclude", "extend-exclude"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{path}: `{key}` must be a list of glob patterns")
        if key == "organization-id" and (not isinstance(value, str) or not _UUID.match(value)):
            raise ConfigError(f"{path}: `organization-id` must be a UUID")
        if key == "organization-id-env" and (
            not isinstance(value, str) or not _ENV_NAME.match(value)
        ):
            raise ConfigError(f"{path}: `organization-id-env` must be an environment variable name")
        if key in ("action", "resume-message") and (not isinstance(value, str) or not value):
            raise ConfigError(f"{path}: `{key}` must be a non-empty string")
        if key == "action" and "@" not in value:
            raise ConfigError(f"{path}: `action` must name a ref, like coder/agents-chat-action@v0")
        if key == "coder-only" and not isinstance(value, bool):
            raise ConfigError(f"{path}: `coder-only` must be true or false")
    if "organization-id" in section and "organization-id-env" in section:
        raise ConfigError(f"{path}: set `organization-id` or `organization-id-env`, not both")


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


def validate_uuid(value: str) -> bool:
    return bool(_UUID.match(value))


def validate_env_name(value: str) -> bool:
    return bool(_ENV_NAME.match(value))
