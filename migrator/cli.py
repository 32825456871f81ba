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
            from migrator.rules.base import all_rules

            if not any(rule.startswith(code) for rule in all_rules()):
                raise click.UsageError(
                    f"{code!r} matches no rule; `tasks2chats rule --all` lists the codes"
                )
            out.append(code)
    if values and not out:
        raise click.UsageError("no rule code given; name codes or prefixes such as TC1, TC104")
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
@click.option(
    "--diff", "show_diff", is_flag=True, help="Print the fixes as a diff; write nothing."
)
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
@click.option("--exit-non-zero-on-fix", is_flag=True, help="Exit 1 when any file was fixed.")
@click.option("--force-exclude", is_flag=True, help="Apply excludes to files named explicitly.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Config file.")
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    help="Colour the text output (auto: on a terminal, unless NO_COLOR is set).",
)
@click.option(
    "--stdin-filename",
    metavar="NAME",
    help="Read the file from standard input under this name; with --fix, print it fixed.",
)
@click.option(
    "--add-suppressions",
    is_flag=True,
    help="Write a suppression comment above every remaining finding.",
)
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
    stdin_filename: str | None,
    add_suppressions: bool,
) -> None:
    """Report Tasks API usage in PATHS (default: the current directory).

    \b
    Exit status: 0 nothing remains; 1 findings remain (with --diff: a diff exists or
    findings without a fix remain); 2 a usage, configuration or internal error.
    Configuration: [tool.tasks2chats] in pyproject.toml or .tasks2chats.toml (README).
    """
    from migrator.callmodel import EnvRef
    from migrator.config import ConfigError, ConfigResolver, validate_env_name, validate_uuid
    from migrator.settings import FixMode, Settings

    if organization_id and organization_id_env:
        raise click.UsageError("use --organization-id or --organization-id-env, not both")
    if organization_id and not validate_uuid(organization_id):
        raise click.BadParameter(
            f"{organization_id!r} is not a UUID", param_hint="--organization-id"
        )
    if organization_id_env and not validate_env_name(organization_id_env):
        raise click.BadParameter(
            f"{organization_id_env!r} is not an environment variable name",
            param_hint="--organization-id-env",
        )

    if add_suppressions and (fix or show_diff):
        raise click.UsageError("--add-suppressions writes comments only; drop --fix and --diff")
    if stdin_filename is not None and paths:
        raise click.UsageError("--stdin-filename checks standard input; pass no PATHS with it")
    if stdin_filename is not None and add_suppressions:
        raise click.UsageError("--add-suppressions writes files; it cannot take standard input")
    selected = _split_codes(select)
    extended = _split_codes(extend_select)
    ignored = _split_codes(ignore)
    fix_mode = FixMode.NONE
    if fix or show_diff:
        fix_mode = FixMode.UNSAFE if unsafe_fixes else FixMode.SAFE

    def apply_flags(settings: Settings) -> None:
        """Command-line flags, which win over any configuration."""
        if selected:
            settings.select = selected
            settings.extend_select = ()
        settings.extend_select += extended
        settings.ignore += ignored
        if target:
            settings.target = target
        if organization_id:
            settings.organization = organization_id
        if organization_id_env:
            settings.organization = EnvRef(organization_id_env)
        settings.force_exclude = force_exclude
        settings.fix_mode = fix_mode

    targets = list(paths) or [Path(".")]
    from migrator.engine import Engine
    from migrator.writer import WriteError, write_source

    try:
        resolver = ConfigResolver(apply_flags, config_path)
        settings = resolver.base_settings()
        engine = Engine(settings, resolver.walk_excludes(targets), resolver)
        if stdin_filename is not None:
            run = _run_stdin(engine, Path(stdin_filename), fix, show_diff)
        else:
            bar = _progress_bar()
            engine.progress = bar
            try:
                run = engine.run(targets)
            finally:
                bar.close()
    except ConfigError as error:
        click.echo(f"tasks2chats: error: {error}", err=True)
        sys.exit(EXIT_ERROR)
    failed = bool(run.errors)
    if add_suppressions:
        sys.exit(_write_suppressions(engine, run))

    diff_text = ""
    for result in run.files:
        if not result.changed or result.source is None:
            continue
        assert result.final_text is not None
        if show_diff:
            diff_text += _unified(result.source, result.final_text, result.path)
        elif fix and stdin_filename is not None:
            continue
        elif fix:
            try:
                write_source(result.source, result.final_text)
            except WriteError as error:
                run.errors.append(str(error))
                failed = True
    from migrator.reporters.common import Summary

    summary = Summary.of(run, settings.fix_mode.value)
    summary.diff_only = show_diff
    # With --fix, standard input comes back fixed on stdout, so the report goes to stderr.
    stream = sys.stderr if stdin_filename is not None and fix and not show_diff else sys.stdout
    use_color = color == "always" or (color == "auto" and _colour_terminal(stream))
    if show_diff:
        sys.stdout.write(diff_text)
        _report_remaining(run, summary, output_format, use_color, statistics, diff_only=True)
    else:
        _report_remaining(
            run, summary, output_format, use_color, statistics, diff_only=False, stream=stream
        )
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


def _report_remaining(
    run, summary, output_format, use_color, statistics, diff_only, stream=None
) -> None:
    from migrator.reporters import json_report, text
    from migrator.reporters.common import redact

    stream = stream or sys.stdout

    if output_format == "text":
        if diff_only:
            lines = []
            changed = any(result.changed for result in run.files)
            for result in run.files:
                for finding in result.findings:
                    if finding.fix is None:
                        lines.append(
                            f"{finding.path.as_posix()}:{finding.line}:{finding.column}: "
                            f"{finding.code} {redact(finding.message)}"
                        )
            if lines:
                if changed:
                    lines.insert(0, "Left after these fixes (lines as in the fixed files):")
                sys.stderr.write("\n".join(lines) + "\n")
            if run.checked or not run.errors:
                sys.stderr.write(summary.closing_line() + "\n")
            return
        if run.checked or run.files or not run.errors:
            stream.write(text.report(run, summary, text.Style(use_color), statistics))
    elif output_format == "json":
        stream.write(json_report.report(run, summary))
    else:
        from importlib import import_module

        module = import_module(f"migrator.reporters.{output_format}_report")
        stream.write(module.report(run, summary))


def _colour_terminal(stream) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set to anything."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return stream.isatty()


def _progress_bar():
    from migrator.progress import ProgressBar

    return ProgressBar(sys.stderr)


def _run_stdin(engine, path: Path, fix: bool, show_diff: bool):
    """Check standard input as the file ``path``; with --fix, echo it fixed to stdout."""
    from migrator.engine import RunResult
    from migrator.languages import detect, language_by_shebang

    raw = sys.stdin.buffer.read()
    language = detect(path.as_posix(), raw[:256]) or language_by_shebang(raw[:256])
    run = RunResult()
    excluded = engine.settings.force_exclude and engine.resolver.excluded(path)
    if language is None or excluded:
        if language is None:
            click.echo(f"tasks2chats: warning: {path}: no front-end reads this file", err=True)
        if fix and not show_diff:
            sys.stdout.buffer.write(raw)
        return run
    result = engine.check_text(path, raw, language)
    run.files.append(result)
    run.checked = 1 if result.source is not None else 0
    run.errors.extend(result.errors)
    if fix and not show_diff:
        if result.source is not None and not run.errors:
            sys.stdout.buffer.write(result.source.to_bytes(result.final_text))
        else:
            sys.stdout.buffer.write(raw)
    return run


def _write_suppressions(engine, run) -> int:
    """--add-suppressions: comment every remaining finding; the exit code."""
    from migrator.frontends import frontend_for
    from migrator.suppressions import UNUSED, add_suppressions
    from migrator.writer import WriteError, write_source

    added = files = 0
    left = 0
    for result in sorted(run.files, key=lambda r: r.path.as_posix()):
        findings = [f for f in result.findings if f.code != UNUSED]
        if not findings:
            continue
        if result.source is None:
            left += len(findings)
            for finding in findings:
                click.echo(
                    f"tasks2chats: warning: {finding.path}: {finding.code} cannot be suppressed "
                    "in a file that cannot be read; exclude the file instead",
                    err=True,
                )
            continue
        outcome = add_suppressions(result.source, findings)
        for finding in outcome.unplaced:
            left += 1
            click.echo(
                f"tasks2chats: warning: {finding.path}:{finding.line}:{finding.column}: "
                f"{finding.code} has no line where a comment can stand; not suppressed",
                err=True,
            )
        if outcome.text == result.source.text:
            continue
        frontend = frontend_for(result.language)
        problem = frontend.validate(result.source, outcome.text, engine.context())
        if problem is not None:
            run.errors.append(
                f"{result.path}: suppressions not written, the file would break ({problem}); "
                "this is a bug in tasks2chats, please report it with the file"
            )
            continue
        try:
            write_source(result.source, outcome.text)
        except WriteError as error:
            run.errors.append(str(error))
            continue
        added += outcome.added
        files += 1
    for error in run.errors:
        click.echo(f"tasks2chats: error: {error}", err=True)
    plural = "s" if added != 1 else ""
    click.echo(f"Added {added} suppression{plural} to {files} file{'s' if files != 1 else ''}.")
    if run.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if left else EXIT_CLEAN


def _lines(text: str) -> list[str]:
    """Lines split at LF only: a CR stays part of its line, as patch expects."""
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


def _unified(source, after: str, path: Path) -> str:
    """A patch that applies to the file as it is on disk: its line endings, and the marker
    for a missing final newline. Secrets on the lines shown are hidden, as in every report."""
    from migrator.reporters.common import redact

    name = path.as_posix().lstrip("/")
    old_text = source.to_bytes().decode("utf-8-sig")
    new_text = source.to_bytes(after).decode("utf-8-sig")
    out = []
    for line in difflib.unified_diff(
        _lines(old_text),
        _lines(new_text),
        fromfile=f"a/{name}",
        tofile=f"b/{name}",
    ):
        if line.startswith(("---", "+++")):
            out.append(line)
            continue
        shown = redact(line)
        out.append(shown)
        if not shown.endswith("\n"):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


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
