"""Shell inside `run:` steps.

The script is the scalar's decoded value. Each `${{ ... }}` expression is masked by a shell
variable of the same length (``$____task_url``), so the shell front-end sees a value it
cannot know, positions map back exactly, and the expression is put back byte for byte in
every edit. Findings and edits are then mapped from script offsets to file offsets, written
in the scalar's own style (block scalars re-indent inserted lines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from migrator import coderapi
from migrator.callmodel import CallRewrite, Hole, HttpCall, Lit, Piece
from migrator.frontends import Context
from migrator.frontends.workflow_yaml import (
    DOUBLE,
    PLAIN,
    SINGLE,
    Decoded,
    Document,
    Node,
    decode_scalar,
    map_edit,
)
from migrator.model import Edit, Finding, Fix, apply_edits
from migrator.rules.cli_usage import CliUse, check_cli

_EXPRESSION = re.compile(r"\$\{\{.*?\}\}", re.DOTALL)
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_ANALYSED_SHELLS = ("bash", "sh")
_URLISH = re.compile(r"[^\s'\"`()<>,;]*/api/[^\s'\"`()<>,;]*")
_HOLE = re.compile(r"\$env:[A-Za-z_]\w*|\$\{?[A-Za-z_]\w*\}?|\{[A-Za-z_]?\w*\}|%[A-Za-z_]\w*%")
# The method named on the same line: curl's -X, PowerShell's -Method, requests.delete(...).
_METHOD = re.compile(
    r"(?i)(?:-X[ \t]*|--request[ \t]+|-Method[ \t]+|method[ \t]*=[ \t]*[\"']|\.)"
    r"(GET|POST|PUT|PATCH|DELETE)\b"
)
_CLI = re.compile(
    r"(?:^|(?<=[\s;&|(]))(?:[^\s;&|()]*[/\\])?coder(?:\.exe)?[ \t]+(?P<exp>exp[ \t]+)?"
    r"(?P<task>tasks?)[ \t]+(?P<sub>[a-z]+)"
)


@dataclass
class Masked:
    """A script with its expressions masked, and how to put them back."""

    text: str
    expressions: dict[str, str] = field(default_factory=dict)  # placeholder → expression
    spans: list[tuple[int, int]] = field(default_factory=list)
    escaped: set[str] = field(default_factory=set)  # written after a backslash in the script

    def unmask(self, text: str) -> str:
        for placeholder in sorted(self.expressions, key=len, reverse=True):
            expression = self.expressions[placeholder]
            if placeholder not in self.escaped:
                # A rewrite that moved the value into double quotes escaped its `$`; the
                # expression is replaced before the shell runs, so it goes back bare.
                text = text.replace("\\" + placeholder, expression)
            text = text.replace(placeholder, expression)
        return text


def mask(script: str) -> Masked:
    out: list[str] = []
    masked = Masked("")
    position = 0
    for match in _EXPRESSION.finditer(script):
        expression = match.group(0)
        placeholder = _placeholder(expression, masked.expressions)
        masked.expressions[placeholder] = expression
        masked.spans.append((match.start(), match.end()))
        if script[max(match.start() - 1, 0) : match.start()] == "\\":
            masked.escaped.add(placeholder)
        out.append(script[position : match.start()])
        out.append(placeholder)
        position = match.end()
    out.append(script[position:])
    masked.text = "".join(out)
    return masked


def _placeholder(expression: str, taken: dict[str, str]) -> str:
    """``$`` and underscores, ending in the expression's last name (``$____task_url``): the
    shell reads a variable, and rules that judge a value by its name still can."""
    names = _IDENTIFIER.findall(expression[3:-2])
    width = len(expression)
    name = names[-1].replace("-", "_") if names else ""
    name = name[: width - 2]
    candidate = "$" + "_" * (width - 1 - len(name)) + name
    counter = 0
    while taken.get(candidate, expression) != expression:
        counter += 1
        mark = _letters(counter)
        body = "_" + mark + "_" * (width - 2 - len(mark) - len(name)) + name
        if len(body) != width - 1:
            body = "_" + mark[: width - 2]
            body += "_" * (width - 1 - len(body))
        candidate = "$" + body
    return candidate


def _letters(number: int) -> str:
    out = ""
    while number:
        number, rest = divmod(number - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


# --- which shell runs the script -------------------------------------------------------------


def shell_of(step_shell: str | None, default_shell: str | None, windows: bool) -> str:
    shell = step_shell or default_shell
    if shell is None:
        return "pwsh" if windows else "bash"
    return shell


def is_analysed_shell(shell: str) -> bool:
    if "${{" in shell:
        return False
    words = shell.split()
    return bool(words) and words[0].rsplit("/", 1)[-1] in _ANALYSED_SHELLS


# --- one run: step ----------------------------------------------------------------------------


def analyse_run(
    doc: Document,
    node: Node,
    shell: str,
    path: Path,
    context: Context,
    file_has_coder: bool,
) -> list[Finding]:
    decoded = doc.decode(node)
    masked = mask(decoded.value)
    if is_analysed_shell(shell):
        from migrator.frontends.shell import analyse_script

        findings = analyse_script(masked.text, path, context, file_has_coder=file_has_coder)
    else:
        findings = _literal_findings(masked, shell, path, context, file_has_coder)
    return _map_back(doc, node, decoded, masked, findings)


def _map_back(
    doc: Document, node: Node, decoded: Decoded, masked: Masked, findings: list[Finding]
) -> list[Finding]:
    mapped: dict[int, Fix | str] = {}
    out = []
    for finding in findings:
        finding.message = masked.unmask(finding.message)
        start, end = finding.start, max(finding.start, finding.end)
        finding.start = decoded.offsets[start]
        finding.end = decoded.offsets[end - 1] + 1 if end > start else finding.start
        if finding.fix is not None:
            key = id(finding.fix)
            if key not in mapped:
                mapped[key] = _map_fix(doc, node, decoded, masked, finding.fix)
            result = mapped[key]
            if isinstance(result, str):
                finding.fix = None
                finding.message += f" (not rewritten: {result})"
            else:
                finding.fix = result
        out.append(finding)
    return out


def _map_fix(doc: Document, node: Node, decoded: Decoded, masked: Masked, fix: Fix) -> Fix | str:
    whole = _whole_expressions(masked, list(fix.edits))
    if isinstance(whole, str):
        return whole
    script_edits = [Edit(e.start, e.end, masked.unmask(_literal(e.text))) for e in whole]
    expected = apply_edits(decoded.value, script_edits)
    introduced = _introduced_expression(masked, expected)
    if introduced is not None:
        return f"the rewrite would add the `${{{{ }}}}` expression `{introduced}` to the script"
    in_place = _in_place(doc, node, decoded, script_edits, expected)
    if isinstance(in_place, str) and node.style in (PLAIN, SINGLE, DOUBLE):
        as_block = _as_literal_block(doc, node, expected)
        if as_block is not None:
            return Fix(fix.applicability, (as_block,), fix.title)
    if isinstance(in_place, str):
        return in_place
    return Fix(fix.applicability, tuple(in_place), fix.title)


# GitHub evaluates `${{ ... }}` anywhere in a scalar, before the shell runs: text the tool
# writes (a configured message, say) spells a literal `${{` as an expression yielding it.
_LITERAL_OPEN = "${{ '${{' }}"


def _literal(text: str) -> str:
    """``text`` (masked: the script's own expressions are placeholders) with every ``${{``
    kept literal."""
    return text.replace("${{", _LITERAL_OPEN)


def _introduced_expression(masked: Masked, script: str) -> str | None:
    """An expression in the rewritten ``script`` that the original did not have."""
    known = set(masked.expressions.values()) | {_LITERAL_OPEN}
    for match in _EXPRESSION.finditer(script):
        if match.group(0) not in known:
            return match.group(0)
    return None


def _whole_expressions(masked: Masked, edits: list[Edit]) -> list[Edit] | str:
    """Edits that start or end inside a masked expression grow to cover all of it (the shell
    front-end may rewrite from the middle of a variable's name); the expression must then
    come back whole."""
    grown: list[tuple[int, int, list[Edit]]] = []
    cut: set[tuple[int, int]] = set()
    for edit in sorted(edits):
        start, end = edit.start, edit.end
        for span_start, span_end in masked.spans:
            if span_start < start < span_end or span_start < end < span_end:
                cut.add((span_start, span_end))
                start, end = min(start, span_start), max(end, span_end)
        if grown and start < grown[-1][1]:
            previous_start, previous_end, members = grown[-1]
            grown[-1] = (previous_start, max(previous_end, end), [*members, edit])
        else:
            grown.append((start, end, [edit]))
    out = []
    for start, end, members in grown:
        shifted = [Edit(e.start - start, e.end - start, e.text) for e in members]
        text = apply_edits(masked.text[start:end], shifted)
        for span_start, span_end in cut:
            placeholder = masked.text[span_start:span_end]
            if start <= span_start and span_end <= end and placeholder not in text:
                return "the edit would cut through a `${{ }}` expression"
        out.append(Edit(start, end, text))
    return out


def _in_place(
    doc: Document, node: Node, decoded: Decoded, script_edits: list[Edit], expected: str
) -> list[Edit] | str:
    """The script's edits written inside the scalar as it is."""
    text = doc.text.text
    file_edits: list[Edit] = []
    for edit in script_edits:
        rendered = map_edit(text, node, decoded, edit.start, edit.end, edit.text)
        if isinstance(rendered, str):
            return rendered
        file_edits.append(rendered)
    new_text = apply_edits(text, file_edits)
    delta = sum(len(e.text) - (e.end - e.start) for e in file_edits)
    new_end = node.end + delta
    redecoded = decode_scalar(new_text, node.start, new_end, node.style, node.parent_column)
    if redecoded.value != expected:
        return f"the script cannot be rewritten inside this {node.style} YAML scalar"
    if node.style == PLAIN:
        raw = new_text[node.start : new_end]
        if ": " in raw or " #" in raw or raw.endswith(":"):
            return "the rewritten script cannot stay a plain YAML scalar"
    return file_edits


_BLOCK_KEY_PREFIX = re.compile(r"[ \t]*(?:-[ \t]+)*[^\s{}\[\],#&*!|>'\"%@`][^{}\[\],#]*:[ \t]*")


def _as_literal_block(doc: Document, node: Node, value: str) -> Edit | None:
    """A one-line scalar that cannot hold the rewritten script becomes a literal block
    scalar (``|-``) holding exactly that script, indented under its key."""
    text = doc.text.text
    line_start = doc.text.line_start(node.outer_start)
    if not _BLOCK_KEY_PREFIX.fullmatch(text, line_start, node.outer_start):
        return None
    if text[node.end : doc.text.line_end(node.end)].strip():
        return None  # a comment after the scalar would become part of the script
    if not value or value[0] in " \t" or value.endswith("\n"):
        return None
    pad = " " * (node.parent_column + 2)
    lines = [pad + line if line else "" for line in value.split("\n")]
    return Edit(node.start, node.end, "|-\n" + "\n".join(lines))


# --- scripts in other shells: reported, never rewritten --------------------------------------


class _NotShell:
    def __init__(self, shell: str) -> None:
        self.shell = shell

    def render(self, call: HttpCall, rewrite: CallRewrite) -> list[Edit] | str:
        return f"only bash and sh `run:` scripts are rewritten; this step runs `{self.shell}`"


def _literal_findings(
    masked: Masked, shell: str, path: Path, context: Context, file_has_coder: bool
) -> list[Finding]:
    from migrator.rules.http import check_calls

    script = masked.text
    calls = []
    for match in _URLISH.finditer(script):
        pieces = _pieces(match.group(0), match.start())
        line_start = script.rfind("\n", 0, match.start()) + 1
        line_end = script.find("\n", match.end())
        said = _METHOD.search(script[line_start : len(script) if line_end < 0 else line_end])
        methods = (said.group(1).upper(),) if said else ("", "POST")
        method = next((m for m in methods if coderapi.classify(pieces, m) is not None), None)
        if method is None:
            continue
        calls.append(
            HttpCall(
                method=method,
                url=pieces,
                start=match.start(),
                end=match.end(),
                renderer=_NotShell(shell),
                coder=None,
                language="workflow",
                note="literal",
            )
        )
    findings = check_calls(calls, path, context, file_has_coder)
    uses = []
    for match in _CLI.finditer(script):
        if match.group("sub") not in coderapi.CLI_SUBCOMMANDS:
            continue
        spelled = "coder " + ("exp " if match.group("exp") else "") + match.group("task")
        uses.append(CliUse("task", match.group("sub"), spelled, match.start(), match.end()))
    findings.extend(check_cli(uses, path, context))
    return findings


def _pieces(token: str, offset: int) -> list[Piece]:
    pieces: list[Piece] = []
    position = 0
    for match in _HOLE.finditer(token):
        if match.start() > position:
            span = (offset + position, offset + match.start())
            pieces.append(Lit(token[position : match.start()], span))
        name = match.group(0).strip("${}%").removeprefix("env:").strip("_") or None
        span = (offset + match.start(), offset + match.end())
        pieces.append(Hole(match.group(0), span, name))
        position = match.end()
    if position < len(token):
        pieces.append(Lit(token[position:], (offset + position, offset + len(token))))
    return pieces
