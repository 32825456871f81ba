"""What the shell front-end follows of a response: jq reads in the pipeline, on the
variable or function that holds it, and the comparisons of what they read."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from tree_sitter import Node

from migrator import coderapi
from migrator.callmodel import Hole, HttpCall, ResponseRead
from migrator.frontends.shell_jq import reads_in_filter
from migrator.frontends.shell_words import literal_text, word_pieces
from migrator.frontends.treesitter_text import walk
from migrator.model import Edit

if TYPE_CHECKING:
    from migrator.frontends.shell import Script
    from migrator.frontends.shell_curl import CurlCall


def reads_for(
    script: Script, curl: CurlCall, is_list: bool
) -> list[tuple[Node, list[ResponseRead]]]:
    """Reads of the call's response: jq in the same pipeline, or on the variable that holds
    the response."""
    reads = _reads_after(script, curl.command, is_list)
    function = _function_answering(script, curl.command)
    if function is not None:
        # The function's output is the response: `my_tasks | jq ...`, `x=$(my_tasks)`.
        for command in script.commands:
            if script.command_name(command) == function:
                reads.extend(_reads_after(script, command, is_list))
    return reads


def _reads_after(
    script: Script, command: Node, is_list: bool
) -> list[tuple[Node, list[ResponseRead]]]:
    reads: list[tuple[Node, list[ResponseRead]]] = []
    parent = command.parent
    if parent is not None and parent.type == "pipeline":
        siblings = [c for c in parent.children if c.type in ("command", "redirected_statement")]
        position = next((i for i, c in enumerate(siblings) if c.id == command.id), -1)
        if 0 <= position < len(siblings) - 1:
            following = siblings[position + 1]
            if following.type == "command" and script.command_name(following) == "jq":
                reads.append((following, _jq_reads(script, following, is_list)))
    variable = assigned_variable(command)
    if variable is not None:
        for jq in _jq_commands_reading(script, variable):
            reads.append((jq, _jq_reads(script, jq, is_list)))
    return reads


def _function_answering(script: Script, command: Node) -> str | None:
    """The function whose last statement is this call (its output is the response)."""
    node = command
    if node.parent is not None and node.parent.type == "redirected_statement":
        node = node.parent
    body = node.parent
    if body is None or body.type != "compound_statement":
        return None
    statements = [c for c in body.children if c.is_named and c.type != "comment"]
    if not statements or statements[-1].id != node.id:
        return None
    function = body.parent
    if function is None or function.type != "function_definition":
        return None
    name = function.child_by_field_name("name")
    return script.text.of(name) if name is not None else None


def assigned_variable(command: Node) -> str | None:
    node = command.parent
    while node is not None and node.type in ("pipeline", "command_substitution", "string"):
        if node.type == "command_substitution":
            holder = node.parent
            if holder is not None and holder.type == "string":
                holder = holder.parent
            if holder is not None and holder.type == "variable_assignment":
                name = holder.child_by_field_name("name")
                if name is not None and name.text is not None:
                    return name.text.decode("utf-8", "replace")
            return None
        node = node.parent
    return None


def _jq_commands_reading(script: Script, variable: str) -> list[Node]:
    pattern = re.compile(r"\$\{?" + re.escape(variable) + r"\b")
    out = []
    for command in script.commands:
        if script.command_name(command) != "jq":
            continue
        for child in command.children:
            if child.type == "herestring_redirect" and pattern.search(script.text.of(child)):
                out.append(command)
                break
        else:
            parent = command.parent
            if parent is not None and parent.type == "pipeline":
                first = parent.children[0]
                if (
                    first.type == "command"
                    and script.command_name(first) in ("echo", "printf")
                    and pattern.search(script.text.of(first))
                    and parent.children.index(first) == 0
                ):
                    index = [c.id for c in parent.children].index(command.id)
                    if index == 2:
                        out.append(command)
    return out


_JQ_VALUE_OPTIONS = {"--arg": 2, "--argjson": 2, "--slurpfile": 2, "--rawfile": 2, "-f": 1,
                     "--from-file": 1, "--indent": 1, "-L": 1}  # fmt: skip


def _jq_filter(script: Script, command: Node) -> Node | None:
    args = script.arguments(command)
    index = 0
    while index < len(args):
        raw = script.text.of(args[index])
        if raw in _JQ_VALUE_OPTIONS:
            index += _JQ_VALUE_OPTIONS[raw] + 1
            continue
        if raw.startswith("-") and args[index].type == "word":
            index += 1
            continue
        return args[index]
    return None


def _jq_reads(script: Script, command: Node, is_list: bool) -> list[ResponseRead]:
    node = _jq_filter(script, command)
    if node is None:
        return []
    if node.type == "raw_string":
        start, end = script.text.span(node)
        start, end = start + 1, end - 1
    elif node.type in ("word",) or (
        node.type == "string" and all(c.type in ('"', "string_content") for c in node.children)
    ):
        start, end = script.text.span(node)
        if node.type == "string":
            start, end = start + 1, end - 1
        if "\\" in script.text.text[start:end]:
            return []
    else:
        return []
    return reads_in_filter(script.text.text[start:end], start, lambda: is_list)


def status_checks(script: Script, curl: CurlCall) -> list[tuple[int, int, str]]:
    if not curl.write_out_status:
        return []
    variable = assigned_variable(curl.command)
    if variable is None:
        return []
    pattern = re.compile(r"\$\{?" + re.escape(variable) + r"\b")
    out = []
    for test in script.tests:
        raw = script.text.of(test)
        if pattern.search(raw) and re.search(r"\b204\b", raw):
            start, end = script.text.span(test)
            out.append((start, end, raw))
    return out


def variable_reads(
    script: Script, groups: list[tuple[HttpCall, list[tuple[Node, list[ResponseRead]]]]]
) -> None:
    """``STATE=$(curl ... | jq -r '.current_state.state')`` (or ``jq ... <<<"$RESP"``) then
    ``[ "$STATE" = idle ]``: the comparison is a read of the response, compared with a
    literal."""
    for call, jq_groups in groups:
        for jq, jq_reads in jq_groups:
            _compared_through(script, call, jq, jq_reads)


def link_created_ids(
    groups: list[tuple[HttpCall, list[tuple[Node, list[ResponseRead]]]]], calls: list[HttpCall]
) -> None:
    """``id=$(curl -X POST .../tasks/me ... | jq -r .id)``: calls that use ``$id`` address
    what that create made."""
    created: dict[str, HttpCall] = {}
    for call, jq_groups in groups:
        endpoint = coderapi.classify(call.url, call.method)
        if endpoint is None or endpoint.op is not coderapi.Op.CREATE:
            continue
        for jq, reads in jq_groups:
            if any(read.path == ("id",) for read in reads):
                variable = assigned_variable(jq)
                if variable is not None:
                    created[variable] = call
    if not created:
        return
    for call in calls:
        for piece in call.url:
            if isinstance(piece, Hole) and piece.var in created and created[piece.var] is not call:
                call.id_source = created[piece.var]
                break


def _compared_through(
    script: Script, call: HttpCall, jq: Node, jq_reads: list[ResponseRead]
) -> None:
    single = [r for r in jq_reads if not r.envelope]
    if len(single) != 1 or single[0].compared is not None:
        return
    read = single[0]
    variable = assigned_variable(jq)
    if variable is not None:
        pattern = re.compile(r"^\"?\$\{?" + re.escape(variable) + r"\}?\"?$")
        compared = list(_comparisons(script, pattern))
    else:
        compared = _inline_comparison(script, jq)
    for literal, span in compared:
        call.reads.append(
            ResponseRead(
                read.path,
                span[0],
                span[1],
                compared=literal,
                compared_span=span,
                render_path=read.render_path,
                render_compared=lambda value, s=span: [Edit(s[0], s[1], value)],
            )
        )


def _inline_comparison(script: Script, command: Node) -> list[tuple[str, tuple[int, int]]]:
    """``[ "$(curl ... | jq -r .status)" = "idle" ]``: the substitution is compared itself."""
    node = command.parent
    while node is not None and node.type == "pipeline":
        node = node.parent
    if node is None or node.type != "command_substitution":
        return []
    operand = node.parent if node.parent is not None and node.parent.type == "string" else node
    expression = operand.parent
    if expression is None or expression.type != "binary_expression":
        return []
    if expression.child_count != 3 or script.text.of(expression.children[1]) not in (
        "=",
        "==",
        "!=",
    ):
        return []
    left, _operator, right = expression.children
    other = right if left.id == operand.id else left
    pieces = word_pieces(script.text, other)
    value = literal_text(pieces)
    if value is None or len(pieces) != 1 or pieces[0].span is None:
        return []
    return [(value, pieces[0].span)]


def _comparisons(
    script: Script, variable: re.Pattern[str]
) -> Iterator[tuple[str, tuple[int, int]]]:
    text = script.text
    for test in script.tests:
        for node in walk(test):
            if node.type != "binary_expression" or node.child_count != 3:
                continue
            left, operator, right = node.children
            if text.of(operator) not in ("=", "==", "!="):
                continue
            for one, other in ((left, right), (right, left)):
                if variable.match(text.of(one)):
                    literal_node = other
                    pieces = word_pieces(text, literal_node)
                    value = literal_text(pieces)
                    if value is None or len(pieces) != 1 or pieces[0].span is None:
                        continue
                    yield value, pieces[0].span
    for case in script.cases:
        subject = case.child_by_field_name("value")
        if subject is None or not variable.match(text.of(subject)):
            continue
        for item in case.children:
            if item.type != "case_item":
                continue
            for child in item.children:
                if child.type == ")":
                    break
                if child.type in ("word", "raw_string", "string", "extglob_pattern"):
                    pieces = word_pieces(text, child)
                    value = literal_text(pieces)
                    if value is not None and len(pieces) == 1 and pieces[0].span is not None:
                        yield value, pieces[0].span
