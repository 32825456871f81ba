"""Reads of a JSON response inside a jq filter: field chains, envelope reads, comparisons."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from migrator.callmodel import ResponseRead
from migrator.model import Edit

_KEY = r'(?:\.[A-Za-z_]\w*|\.?\["[A-Za-z_]\w*"\])(?:\[\])?'
_CHAIN = re.compile(r"(?<![\w.$])(?=\.)(?:" + _KEY + ")+")
_PART = re.compile(r'(?:\.([A-Za-z_]\w*)|\.?(\["([A-Za-z_]\w*)"\]))(\[\])?')
_BRACKET_KEY = re.compile(r'\.?\["[A-Za-z_]\w*"\]')
_COMPARE = re.compile(r"\s*(==|!=)\s*\"((?:[^\"\\]|\\.)*)\"")


@dataclass
class JqChain:
    start: int  # offsets into the filter text
    end: int
    keys: list[tuple[str, int, int, bool]]  # key, start, end, followed by []


def _mask_strings(filter_text: str) -> str:
    """The filter with string literals blanked out, except the code inside ``\\(...)``."""
    out = list(filter_text)
    in_string = False
    depth = 0  # parentheses open inside an interpolation
    stack: list[int] = []
    index = 0
    while index < len(filter_text):
        char = filter_text[index]
        if in_string:
            if char == "\\" and filter_text[index + 1 : index + 2] == "(":
                stack.append(depth)
                depth = 1
                in_string = False
                out[index] = out[index + 1] = " "
                index += 2
                continue
            if char == "\\":
                out[index] = " "
                if index + 1 < len(out):
                    out[index + 1] = " "
                index += 2
                continue
            if char == '"':
                in_string = False
            out[index] = " "
        else:
            if char == '"':
                in_string = True
                out[index] = " "
            elif stack and char == "(":
                depth += 1
            elif stack and char == ")":
                depth -= 1
                if depth == 0:
                    depth = stack.pop()
                    in_string = True
                    out[index] = " "
        index += 1
    return "".join(out)


def chains(filter_text: str) -> list[JqChain]:
    out = []
    masked = list(_mask_strings(filter_text))
    # `.["tasks"]` names a key with a string: keep those strings visible.
    for match in _BRACKET_KEY.finditer(filter_text):
        masked[match.start() : match.end()] = match.group(0)
    for match in _CHAIN.finditer("".join(masked)):
        keys = []
        for part in _PART.finditer(match.group(0)):
            if part.group(1) is not None:
                key, key_start = part.group(1), match.start() + part.start(1)
                key_end = key_start + len(key)
            else:
                key = part.group(3)
                key_start, key_end = match.start() + part.start(2), match.start() + part.end(2)
            keys.append((key, key_start, key_end, bool(part.group(4))))
        out.append(JqChain(match.start(), match.end(), keys))
    return out


def reads_in_filter(
    filter_text: str,
    offset: int,
    is_list: Callable[[], bool],
) -> list[ResponseRead]:
    """``ResponseRead``s for a jq filter whose text starts at ``offset`` in the script."""
    reads: list[ResponseRead] = []
    for chain in chains(filter_text):
        keys = chain.keys
        index = 0
        if keys and keys[0][0] in ("tasks", "count") and is_list():
            key, key_start, key_end, _brackets = keys[0]
            if key == "tasks":
                reads.append(
                    ResponseRead(
                        ("tasks",),
                        offset + chain.start,
                        offset + key_end,
                        envelope=True,
                        render_unwrap=_edits([Edit(offset + key_start, offset + key_end, "")]),
                    )
                )
            elif len(keys) == 1:
                reads.append(
                    ResponseRead(
                        ("count",),
                        offset + chain.start,
                        offset + key_end,
                        envelope=True,
                        render_unwrap=_edits(
                            [Edit(offset + chain.start, offset + key_end, "length")]
                        ),
                    )
                )
            index = 1
        rest = keys[index:]
        if not rest:
            continue
        # Reads after an array iteration (`.tasks[].name`) start over at the element.
        groups: list[list[tuple[str, int, int, bool]]] = [[]]
        for key in rest:
            groups[-1].append(key)
            if key[3]:
                groups.append([])
        for group in groups:
            if not group:
                continue
            path = tuple(k[0] for k in group)
            start = offset + group[0][1] - 1
            end = offset + group[-1][2]
            compared = None
            compared_span = None
            if group is groups[-1] and group[-1][2] == chain.end:
                match = _COMPARE.match(filter_text, chain.end)
                if match:
                    compared = match.group(2)
                    compared_span = (offset + match.start(2), offset + match.end(2))
            reads.append(
                ResponseRead(
                    path,
                    start,
                    end,
                    compared=compared,
                    compared_span=compared_span,
                    render_path=_path_renderer(start, end),
                    render_compared=_literal_renderer(compared_span),
                )
            )
    return reads


def _edits(edits: list[Edit]) -> Callable[[], list[Edit] | None]:
    return lambda: list(edits)


def _path_renderer(start: int, end: int) -> Callable[[tuple[str, ...]], list[Edit] | None]:
    def render(path: tuple[str, ...]) -> list[Edit]:
        return [Edit(start, end, "." + ".".join(path))]

    return render


def _literal_renderer(
    span: tuple[int, int] | None,
) -> Callable[[str], list[Edit] | None]:
    def render(value: str) -> list[Edit] | None:
        if span is None:
            return None
        return [Edit(span[0], span[1], value)]

    return render
