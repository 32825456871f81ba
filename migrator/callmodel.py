"""The language-neutral model of an HTTP call that the HTTP rules are written against.

A front-end describes a call it found: its method, its URL as literal pieces and opaque
holes, its JSON body (which may contain holes), its headers, and the reads of its response.
A rule answers with a ``CallRewrite``; the front-end renders that back into its own syntax
and quoting through the call's ``renderer``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, Union

from migrator.model import Edit


@dataclass(frozen=True)
class Lit:
    """Literal text, already decoded from its quoting."""

    text: str
    span: tuple[int, int] | None = None
    context: str = ""


@dataclass(frozen=True)
class Hole:
    """Something whose value is unknown statically: a variable, an expression.

    ``source`` is how the front-end re-renders it (shell: text valid inside double quotes,
    ``$ID``; Python: an expression). ``var`` names the variable when the hole is one.
    ``resolved`` is the variable's value when the file assigns it exactly once.
    """

    source: str
    span: tuple[int, int] | None = None
    var: str | None = None
    resolved: tuple[Piece, ...] | None = None
    context: str = ""


@dataclass(frozen=True)
class EnvRef:
    """A value the output reads from an environment variable (``--organization-id-env``)."""

    name: str


Piece = Lit | Hole


def pieces_text(pieces: Sequence[Piece], hole: str = "\0") -> str:
    return "".join(p.text if isinstance(p, Lit) else hole for p in pieces)


def literal_value(pieces: Sequence[Piece]) -> str | None:
    """The text of ``pieces`` when they hold no hole."""
    if any(isinstance(p, Hole) for p in pieces):
        return None
    return "".join(p.text for p in pieces if isinstance(p, Lit))


# --- JSON with holes -------------------------------------------------------------------------


@dataclass(frozen=True)
class JStr:
    """A JSON string whose value may contain holes."""

    pieces: tuple[Piece | EnvRef, ...]

    @classmethod
    def of(cls, value: str) -> JStr:
        return cls((Lit(value),))

    def literal(self) -> str | None:
        if all(isinstance(p, Lit) for p in self.pieces):
            return "".join(p.text for p in self.pieces)  # type: ignore[union-attr]
        return None


@dataclass(frozen=True)
class JRaw:
    """A hole standing where a whole JSON value goes (``{"n": $COUNT}``)."""

    hole: Hole | EnvRef


JValue = Union[None, bool, int, float, JStr, JRaw, "JObject", "JArray"]


@dataclass(frozen=True)
class JObject:
    items: tuple[tuple[str, JValue], ...]

    def get(self, key: str) -> JValue:
        for name, value in self.items:
            if name == key:
                return value
        return None

    def has(self, key: str) -> bool:
        return any(name == key for name, _ in self.items)

    def keys(self) -> list[str]:
        return [name for name, _ in self.items]


@dataclass(frozen=True)
class JArray:
    values: tuple[JValue, ...]


class _Pairs(list):  # type: ignore[type-arg]
    """A decoded JSON object, kept as ordered pairs."""


_SENTINEL = re.compile("\ue000(\\d+)\ue001")


def parse_json_with_holes(pieces: Sequence[Piece]) -> JValue:
    """Parse JSON text whose holes stand in strings or as whole values.

    Raises ``ValueError`` when the text is not JSON.
    """
    holes: list[Hole] = []
    text_parts: list[str] = []
    in_string = False
    escaped = False
    for piece in pieces:
        if isinstance(piece, Lit):
            for char in piece.text:
                if in_string:
                    if escaped:
                        escaped = False
                    elif char == "\\":
                        escaped = True
                    elif char == '"':
                        in_string = False
                elif char == '"':
                    in_string = True
            text_parts.append(piece.text)
        else:
            marker = f"\ue000{len(holes)}\ue001"
            holes.append(piece)
            text_parts.append(marker if in_string else f'"\ue002{marker}"')
    try:
        data = json.loads("".join(text_parts), object_pairs_hook=_Pairs)
    except json.JSONDecodeError as error:
        raise ValueError(str(error)) from error

    def convert(value: object) -> JValue:
        if isinstance(value, _Pairs):
            return JObject(tuple((str(k), convert(v)) for k, v in value))
        if isinstance(value, list):
            return JArray(tuple(convert(v) for v in value))
        if isinstance(value, str):
            if value.startswith("\ue002"):
                match = _SENTINEL.fullmatch(value[1:])
                if match:
                    return JRaw(holes[int(match.group(1))])
            out: list[Piece | EnvRef] = []
            position = 0
            for match in _SENTINEL.finditer(value):
                if match.start() > position:
                    out.append(Lit(value[position : match.start()]))
                out.append(holes[int(match.group(1))])
                position = match.end()
            if position < len(value) or not out:
                out.append(Lit(value[position:]))
            return JStr(tuple(out))
        if value is None or isinstance(value, (bool, int, float)):
            return value
        raise ValueError(f"unexpected JSON value {value!r}")

    return convert(data)


def json_lines(
    value: JValue, render_hole: Callable[[Hole | EnvRef, bool], str], indent: str | None
) -> str:
    """Render ``value`` as JSON text.

    ``render_hole(hole, in_string)`` gives the text standing for a hole; ``indent`` None
    gives one line, otherwise one item per line with that indent unit.
    """

    def string(node: JStr) -> str:
        out = ['"']
        for piece in node.pieces:
            if isinstance(piece, Lit):
                out.append(json.dumps(piece.text, ensure_ascii=False)[1:-1])
            else:
                out.append(render_hole(piece, True))
        out.append('"')
        return "".join(out)

    def render(node: JValue, depth: int) -> str:
        if isinstance(node, JStr):
            return string(node)
        if isinstance(node, JRaw):
            return render_hole(node.hole, False)
        if isinstance(node, JObject):
            items = [f"{json.dumps(k)}: {render(v, depth + 1)}" for k, v in node.items]
            return _join("{", items, "}", depth)
        if isinstance(node, JArray):
            return _join("[", [render(v, depth + 1) for v in node.values], "]", depth)
        return json.dumps(node)

    def _join(open_: str, items: list[str], close: str, depth: int) -> str:
        if not items:
            return open_ + close
        if indent is None or (open_ == "[" and depth > 0) or depth > 1:
            return open_ + ", ".join(items) + close
        inner = "\n" + indent * (depth + 1)
        return open_ + inner + ("," + inner).join(items) + "\n" + indent * depth + close

    return render(value, 0)


# --- calls -----------------------------------------------------------------------------------


@dataclass
class ResponseRead:
    """A read of a field of a call's JSON response.

    ``path`` is the key path as written (``("current_state", "state")``); ``envelope`` is
    True for a read of the list envelope (``.tasks``, ``["tasks"]``, ``.count``).
    ``compared`` is the literal the read is compared with, when it is.
    The callables render edits in the front-end's own syntax.
    """

    path: tuple[str, ...]
    start: int
    end: int
    envelope: bool = False
    compared: str | None = None
    compared_span: tuple[int, int] | None = None
    render_path: Callable[[tuple[str, ...]], list[Edit] | None] | None = None
    render_unwrap: Callable[[], list[Edit] | None] | None = None
    render_compared: Callable[[str], list[Edit] | None] | None = None


@dataclass
class CallRewrite:
    """What a call must become. ``body`` of ``None`` with ``drop_body`` removes the body."""

    method: str
    url: list[Piece | EnvRef]
    body: JValue = None
    set_body: bool = False
    drop_body: bool = False
    json_content_type: bool = False


class CallRenderer(Protocol):
    def render(self, call: HttpCall, rewrite: CallRewrite) -> list[Edit] | str:
        """Edits that make the call do ``rewrite``, or a reason why it cannot be written."""
        ...


@dataclass
class HttpCall:
    """One HTTP request found in code.

    ``url`` holds the URL pieces as the call sees them (holes with ``resolved`` values when
    the front-end knows them). ``body`` is the parsed JSON body, ``body_opaque`` says why a
    body exists that could not be read (``-d @file``, a variable defined elsewhere).
    ``coder`` is the evidence verdict: True (Coder), False (another product), None (unknown
    at the call; the file decides).
    """

    method: str
    url: list[Piece]
    start: int
    end: int
    renderer: CallRenderer
    body: JValue = None
    has_body: bool = False
    body_opaque: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    reads: list[ResponseRead] = field(default_factory=list)
    coder: bool | None = None
    url_shared: str | None = None
    status_checks: list[tuple[int, int, str]] = field(default_factory=list)
    language: str = ""
    note: str = ""
    # The Tasks call whose response gave this call its task id (a create): the two are one
    # purpose, since a chat id only exists once the create speaks Chats.
    id_source: HttpCall | None = None
