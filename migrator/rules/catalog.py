"""Imports every rule family so that each registers its rules."""

from migrator.rules import cli_usage, core, http, templates, workflows  # noqa: F401
