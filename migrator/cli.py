"""The command line: ``tasks2chats check`` and ``tasks2chats rule``."""

from __future__ import annotations

import difflib
import os
import sys
from pathlib import Path

import click

from migrator import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
OUTPUT_FORMATS = ("text", "json", "sarif", "github", "markdown")


def _split_codes(values: tuple[str, ...]) -> tuple[str, ...]:
    from migrator.config import _CODE_PREFIX

    out = []
    for value in values:
        for code in value.split(","):
            code = code.strip().upper()
            if not code:
                continue
            if not _CODE_PREFIX.match(code):
                raise click.UsageError(f"{code!r} is not a rule code or prefix (TC1, TC104)")
            out.append(code)
    return tuple(out)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tasks2chats")
def main() -> None:
    """Find Coder Tasks API usage and migrate it to the Chats API of Coder Agents."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--fix", is_flag=True, help="Apply safe fixes in place.")
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="Widen --fix and --diff to unsafe fixes (alone it writes nothing).",
)
@click.option("--diff", "show_diff", is_flag=True, help="Print the fixes as a diff; write nothing.")
@click.option("--select", multiple=True, help="Rule codes or prefixes to check (TC1, TC104).")
@click.option("--extend-select", multiple=True, help="Codes to add to the selection.")
@click.option("--ignore", multiple=True, help="Rule codes or prefixes to skip.")
@click.option(
    "--target",
    type=click.Choice(["experimental", "v2"]),
    help="Which Chats API the output speaks: experimental (up to Coder 2.37) or v2 (2.37+).",
)
@click.option("--organization-id", help="Organisation UUID written into create calls.")
@click.option(
    "--organization-id-env",
    metavar="NAME",
    help="Environment variable the output reads the organisation from.",
)
@click.option(
    "--output-format",
    type=click.Choice(OUTPUT_FORMATS),
    default="text",
    show_default=True,
)
@click.option("--statistics", is_flag=True, help="Show counts by rule.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings remain.")
@click.option(
    "--exit-non-zero-on-fix", is_flag=True, help="Exit 1 when any file was fixed."
)
@click.option("--force-exclude", is_flag=True, help="Apply excludes to files named explicitly.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Config file.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto")
def check(
    paths: tuple[Path, ...],
    fix: bool,
    unsafe_fixes: bool,
    show_diff: bool,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    target: str | None,
    organization_id: str | None,
    organization_id_env: str | None,
    output_format: str,
    statistics: bool,
    exit_zero: bool,
    exit_non_zero_on_fix: bool,
    force_exclude: bool,
    config_path: Path | None,
    color: str,
) -> None:
    """Report Tasks API usage in PATHS (default: the current directory)."""
    from migrator.callmodel import EnvRef
    from migrator.config import (
        Config,
        ConfigError,
        _load,
        apply,
        find_config,
        validate_env_name,
        validate_uuid,
    )
    from migrator.discovery import IgnorePattern
    from migrator.settings import FixMode, Settings

    if organization_id and organization_id_env:
        raise click.UsageError("use --organization-id or --organization-id-env, not both")
    if organization_id and not validate_uuid(organization_id):
        raise click.BadParameter(f"{organization_id!r} is not a UUID", param_hint="--organization-id")
    if organization_id_env and not validate_env_name(organization_id_env):
        raise click.BadParameter(
            f"{organization_id_env!r} is not an environment variable name",
            param_hint="--organization-id-env",
        )

    settings = Settings()
    targets = list(paths) or [Path(".")]
    try:
        if config_path is not None:
            config = Config(config_path, _load(config_path, config_path.suffix != ".toml" or
                                               config_path.name == ".tasks2chats.toml") or {})
        else:
            config = find_config(targets[0] if targets[0].exists() else Path("."))
        apply(config, settings)
    except ConfigError as error:
        click.echo(f"tasks2chats: error: {error}", err=True)
        sys.exit(EXIT_ERROR)

    if select:
        settings.select = _split_codes(select)
        settings.extend_select = ()
    if extend_select:
        settings.extend_select += _split_codes(extend_select)
    if ignore:
        settings.ignore += _split_codes(ignore)
    if target:
        settings.target = target
    if organization_id:
        settings.organization = organization_id
    if organization_id_env:
        settings.organization = EnvRef(organization_id_env)
    settings.force_exclude = force_exclude
    if unsafe_fixes and (fix or show_diff):
        settings.fix_mode = FixMode.UNSAFE
    elif fix or show_diff:
        settings.fix_mode = FixMode.SAFE

    excludes = [
        pattern
        for text in settings.exclude + settings.extend_exclude
        if (pattern := IgnorePattern.parse(config.root, text)) is not None
    ]

    from migrator.engine import Engine
    from migrator.writer import WriteError, write_source

    engine = Engine(settings, excludes)
    run = engine.run(targets)
    failed = bool(run.errors)

    diff_text = ""
    for result in run.files:
        if not result.changed or result.source is None:
            continue
        assert result.final_text is not None
        if show_diff:
            diff_text += _unified(result.source.text, result.final_text, result.path)
        elif fix:
            try:
                write_source(result.source, result.final_text)
            except WriteError as error:
                run.errors.append(str(error))
                failed = True
    from migrator.reporters.common import Summary

    summary = Summary.of(run, settings.fix_mode.value)
    summary.diff_only = show_diff
    use_color = color == "always" or (
        color == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    )
    if show_diff:
        sys.stdout.write(diff_text)
        _report_remaining(run, summary, output_format, use_color, statistics, diff_only=True)
    else:
        _report_remaining(run, summary, output_format, use_color, statistics, diff_only=False)
    for error in run.errors:
        click.echo(f"tasks2chats: error: {error}", err=True)

    if failed or run.errors:
        sys.exit(EXIT_ERROR)
    if show_diff:
        code = EXIT_FINDINGS if diff_text or summary.remaining else EXIT_CLEAN
    else:
        code = EXIT_FINDINGS if summary.remaining else EXIT_CLEAN
        if exit_non_zero_on_fix and fix and summary.fixed:
            code = EXIT_FINDINGS
    if exit_zero and code == EXIT_FINDINGS:
        code = EXIT_CLEAN
    sys.exit(code)


def _report_remaining(run, summary, output_format, use_color, statistics, diff_only) -> None:
    from migrator.reporters import json_report, text

    if output_format == "text":
        if diff_only:
            lines = []
            for result in run.files:
                for finding in result.findings:
                    if finding.fix is None:
                        lines.append(
                            f"{finding.path.as_posix()}:{finding.line}:{finding.column}: "
                            f"{finding.code} {finding.message}"
                        )
            if lines:
                sys.stderr.write("\n".join(lines) + "\n")
            sys.stderr.write(summary.closing_line() + "\n")
            return
        sys.stdout.write(text.report(run, summary, text.Style(use_color), statistics))
    elif output_format == "json":
        sys.stdout.write(json_report.report(run, summary))
    else:
        from importlib import import_module

        module = import_module(f"migrator.reporters.{output_format}_report")
        sys.stdout.write(module.report(run, summary))


def _unified(before: str, after: str, path: Path) -> str:
    name = path.as_posix().lstrip("/")
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        )
    )


@main.command()
@click.argument("code", required=False)
@click.option("--all", "show_all", is_flag=True, help="Explain every rule.")
def rule(code: str | None, show_all: bool) -> None:
    """Explain a rule: what it finds, why, an example, and its fix safety."""
    from migrator.rules.base import all_rules

    rules = all_rules()
    if show_all:
        click.echo("\n".join(r.documentation() for r in rules.values()))
        return
    if not code:
        raise click.UsageError("name a rule code (tasks2chats rule TC104) or pass --all")
    found = rules.get(code.upper())
    if found is None:
        click.echo(
            f"tasks2chats: error: no rule {code!r}; `tasks2chats rule --all` lists them",
            err=True,
        )
        sys.exit(EXIT_ERROR)
    click.echo(found.documentation())
