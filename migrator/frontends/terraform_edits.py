"""Deleting HCL constructs while keeping the file tidy and valid.

A removed construct takes its own leading comment lines and, when it sat alone on its
lines, those whole lines; blank lines around it are trimmed so that no run of blank lines,
and no blank line just inside a brace, is left behind. An object whose every element goes
becomes ``{}``; a ``merge()`` argument that would be left empty goes with its comma.
"""

from __future__ import annotations

import re

from tree_sitter import Node

from migrator.frontends.terraform_syntax import TfFile
from migrator.model import Edit

_TRAILER = re.compile(r"[ \t]*,?[ \t]*(?:(?:#|//).*|/\*.*\*/[ \t]*)?\r?$")
_INLINE_AFTER = re.compile(r"[ \t]*,[ \t]*")
_INLINE_BEFORE = re.compile(r"[ \t]*,[ \t]*$")
_OPENER = re.compile(r"[{(\[]\s*(?:(?:#|//).*)?$")
_CLOSER = re.compile(r"^\s*[})\]]")


def _parent_expression(node: Node) -> Node:
    """The outermost ``expression`` wrapper around ``node`` (object → its expression)."""
    current = node
    while current.parent is not None and current.parent.type in (
        "expression",
        "collection_value",
    ):
        current = current.parent
    return current


def _elements(container: Node) -> list[Node]:
    if container.type == "object":
        return [c for c in container.children if c.type == "object_elem"]
    if container.type == "function_arguments":
        return [c for c in container.children if c.type == "expression"]
    if container.type == "body":
        return [c for c in container.children if c.type in ("attribute", "block")]
    return []


def _container(node: Node) -> Node | None:
    parent = node.parent
    if parent is None:
        return None
    if node.type == "object_elem" and parent.type == "object":
        return parent
    if node.type == "expression" and parent.type == "function_arguments":
        return parent
    if node.type in ("attribute", "block") and parent.type == "body":
        return parent
    return None


def _function_name(arguments: Node, file: TfFile) -> str:
    call = arguments.parent
    if call is None:
        return ""
    identifier = next((c for c in call.children if c.type == "identifier"), None)
    return file.node_text(identifier) if identifier is not None else ""


def _normalise(file: TfFile, nodes: list[Node]) -> tuple[list[Node], list[Edit]]:
    """Replace sets of nodes that empty their container by the container's own removal."""
    unique = {(n.start_byte, n.end_byte): n for n in nodes}
    chosen = {
        key: node
        for key, node in unique.items()
        if not any(_inside(node, other) for k, other in unique.items() if k != key)
    }
    replacements: list[Edit] = []
    changed = True
    while changed:
        changed = False
        by_container: dict[tuple[int, int], list[Node]] = {}
        containers: dict[tuple[int, int], Node] = {}
        for node in chosen.values():
            container = _container(node)
            if container is None:
                continue
            key = (container.start_byte, container.end_byte)
            by_container.setdefault(key, []).append(node)
            containers[key] = container
        for key, members in by_container.items():
            container = containers[key]
            elements = _elements(container)
            gone = {(n.start_byte, n.end_byte) for n in members}
            if any((e.start_byte, e.end_byte) not in gone for e in elements):
                continue
            promoted = _promote(file, container)
            if promoted is None:
                continue
            for member in members:
                chosen.pop((member.start_byte, member.end_byte), None)
            if isinstance(promoted, Edit):
                replacements.append(promoted)
            else:
                chosen[(promoted.start_byte, promoted.end_byte)] = promoted
            changed = True
            break
    kept = [
        node
        for key, node in chosen.items()
        if not any(_inside(node, other) for k, other in chosen.items() if k != key)
        and not any(_inside_edit(file, node, edit) for edit in replacements)
    ]
    return kept, replacements


def _promote(file: TfFile, container: Node) -> Node | Edit | None:
    """What removing every element of ``container`` means."""
    if container.type == "object":
        outer = _parent_expression(container)
        arguments = outer.parent
        if arguments is not None and arguments.type == "function_arguments":
            if _function_name(arguments, file) == "merge":
                return outer
        start = next(c for c in container.children if c.type == "object_start")
        end = next(c for c in container.children if c.type == "object_end")
        return Edit(file.cp(start.end_byte), file.cp(end.start_byte), "")
    if container.type == "function_arguments":
        call = container.parent
        if call is None or _function_name(container, file) != "merge":
            return None
        return Edit(*file.span(call), "{}")
    if container.type == "body":
        block = container.parent
        if block is not None and block.type == "block":
            identifier = next((c for c in block.children if c.type == "identifier"), None)
            if identifier is not None and file.node_text(identifier) == "locals":
                return block
    return None


def _inside(node: Node, other: Node) -> bool:
    return other.start_byte <= node.start_byte and node.end_byte <= other.end_byte


def _inside_edit(file: TfFile, node: Node, edit: Edit) -> bool:
    start, end = file.span(node)
    return edit.start <= start and end <= edit.end


def removal_edits(file: TfFile, nodes: list[Node]) -> list[Edit]:
    """Edits that delete ``nodes`` (blocks, attributes, object elements, call arguments)."""
    kept, edits = _normalise(file, nodes)
    line_spans: list[tuple[int, int]] = []
    for node in kept:
        span = _whole_lines(file, node)
        if span is None:
            edits.append(_inline(file, node))
        else:
            line_spans.append(span)
    for start, end in _merge_spans(file, sorted(line_spans)):
        edits.append(Edit(*_tidy(file, start, end), ""))
    return _merge_edits(edits)


def _whole_lines(file: TfFile, node: Node) -> tuple[int, int] | None:
    start, end = file.span(node)
    first = file.line_of(start)
    last = file.line_of(max(start, end - 1)) if end > start else first
    if file.text[file.line_start(first) : start].strip():
        return None
    if not _TRAILER.match(file.text[end : file.line_end(last)].rstrip("\n")):
        return None
    top = file.leading_comment_start(first)
    return file.line_start(top), file.line_end(last)


def _inline(file: TfFile, node: Node) -> Edit:
    start, end = file.span(node)
    after = _INLINE_AFTER.match(file.text, end)
    line_start = file.line_start(file.line_of(start))
    before = _INLINE_BEFORE.search(file.text[line_start:start])
    if after is not None and after.end() < len(file.text) and file.text[after.end()] != "\n":
        return Edit(start, after.end(), "")
    if before is not None:
        return Edit(line_start + before.start(), end, "")
    if after is not None:
        return Edit(start, after.end(), "")
    return Edit(start, end, "")


def _merge_spans(file: TfFile, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join spans that only blank lines separate, so their blank lines are judged once."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out:
            last_start, last_end = out[-1]
            between = file.text[last_end:start] if start >= last_end else ""
            if start <= last_end or not between.strip():
                out[-1] = (last_start, max(last_end, end))
                continue
        out.append((start, end))
    return out


def _tidy(file: TfFile, start: int, end: int) -> tuple[int, int]:
    prev_line = file.line_of(start) - 1 if start > 0 else None
    next_line = file.line_of(end) if end < len(file.text) else None
    prev_blank = prev_line is not None and file.is_blank(prev_line)
    next_blank = next_line is not None and file.is_blank(next_line)
    prev_opens = prev_line is None or prev_blank or bool(_OPENER.search(file.line_text(prev_line)))
    next_closes = next_line is None or bool(_CLOSER.match(file.line_text(next_line)))
    if next_blank and prev_opens:
        line = next_line
        assert line is not None
        while file.is_blank(line) and file.line_end(line) > end:
            end = file.line_end(line)
            line += 1
            if line >= file.line_count():
                break
    elif prev_blank and next_closes:
        line = prev_line
        assert line is not None
        while line >= 0 and file.is_blank(line):
            start = file.line_start(line)
            line -= 1
    if end >= len(file.text) and not file.text.endswith("\n") and start > 0:
        start -= 1  # keep the file's missing final newline missing
    return start, end


def _merge_edits(edits: list[Edit]) -> list[Edit]:
    out: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if out and edit.start < out[-1].end and not out[-1].text and not edit.text:
            out[-1] = Edit(out[-1].start, max(out[-1].end, edit.end), "")
            continue
        if out and edit.start < out[-1].end:
            if edit.end <= out[-1].end and not out[-1].text:
                continue
        out.append(edit)
    return out
