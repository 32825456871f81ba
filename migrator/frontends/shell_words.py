"""Shell words as the call model sees them: literal pieces and holes, with exact spans, and
rendering text back into a word's quoting."""

from __future__ import annotations

import re

from tree_sitter import Node

from migrator.callmodel import EnvRef, Hole, Lit, Piece
from migrator.frontends.treesitter_text import Text

# Quoting contexts a literal piece can sit in.
SQ, DQ, BARE, HEREDOC, ANSI = "sq", "dq", "bare", "heredoc", "ansi"

_DQ_ESCAPABLE = set('"\\$`')
_BARE_SAFE = re.compile(r"[A-Za-z0-9_@%+=:,./~-]*")
_EXPANSION_TYPES = {
    "simple_expansion",
    "expansion",
    "command_substitution",
    "arithmetic_expansion",
}


def _decode_dq(raw: str) -> str:
    out = []
    index = 0
    while index < len(raw):
        char = raw[index]
        if char == "\\" and index + 1 < len(raw):
            following = raw[index + 1]
            if following in _DQ_ESCAPABLE:
                out.append(following)
                index += 2
                continue
            if following == "\n":
                index += 2
                continue
        out.append(char)
        index += 1
    return "".join(out)


def _decode_bare(raw: str) -> str:
    out = []
    index = 0
    while index < len(raw):
        char = raw[index]
        if char == "\\" and index + 1 < len(raw):
            if raw[index + 1] != "\n":
                out.append(raw[index + 1])
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def _hole(text: Text, node: Node, context: str) -> Hole:
    start, end = text.span(node)
    source = text.text[start:end]
    var = None
    if node.type == "simple_expansion":
        name = node.child(1)
        if name is not None and name.type == "variable_name":
            var = text.of(name)
    elif node.type == "expansion":
        for child in node.children:
            if child.type == "variable_name":
                var = text.of(child)
                break
    return Hole(source, (start, end), var, None, context)


def word_pieces(text: Text, node: Node) -> list[Piece]:
    """The pieces of one shell word (an argument, an assignment value)."""
    kind = node.type
    if kind == "raw_string":
        start, end = text.span(node)
        return [Lit(text.text[start + 1 : end - 1], (start + 1, end - 1), SQ)]
    if kind == "ansi_c_string":
        start, end = text.span(node)
        content = text.text[start + 2 : end - 1]
        if "\\" not in content:
            return [Lit(content, (start + 2, end - 1), ANSI)]
        return [Hole(text.text[start:end], (start, end), None, None, ANSI)]
    if kind == "string":
        pieces: list[Piece] = []
        children = node.children[1:-1] if node.child_count >= 2 else []
        cursor = text.char(node.start_byte) + 1
        for child in children:
            start, end = text.span(child)
            if start > cursor:
                raw = text.text[cursor:start]
                pieces.append(Lit(_decode_dq(raw), (cursor, start), DQ))
            if child.type in _EXPANSION_TYPES:
                pieces.append(_hole(text, child, DQ))
            else:
                pieces.append(Lit(_decode_dq(text.of(child)), (start, end), DQ))
            cursor = end
        closing = text.char(node.end_byte) - 1
        if closing > cursor:
            pieces.append(Lit(_decode_dq(text.text[cursor:closing]), (cursor, closing), DQ))
        return pieces
    if kind == "concatenation":
        out: list[Piece] = []
        for child in node.children:
            out.extend(word_pieces(text, child))
        return out
    if kind in _EXPANSION_TYPES:
        return [_hole(text, node, BARE)]
    if kind in ("word", "number", "extglob_pattern"):
        start, end = text.span(node)
        raw = text.text[start:end]
        return [Lit(_decode_bare(raw), (start, end), BARE)]
    if kind == "heredoc_body":
        return heredoc_pieces(text, node)
    start, end = text.span(node)
    return [Hole(text.text[start:end], (start, end), None, None, BARE)]


def heredoc_pieces(text: Text, body: Node, quoted: bool = False) -> list[Piece]:
    start, end = text.span(body)
    if quoted:
        return [Lit(text.text[start:end], (start, end), HEREDOC)]
    pieces: list[Piece] = []
    cursor = start
    for child in body.children:
        if child.type not in _EXPANSION_TYPES:
            continue
        child_start, child_end = text.span(child)
        if child_start > cursor:
            pieces.append(Lit(text.text[cursor:child_start], (cursor, child_start), HEREDOC))
        pieces.append(_hole(text, child, HEREDOC))
        cursor = child_end
    if end > cursor:
        pieces.append(Lit(text.text[cursor:end], (cursor, end), HEREDOC))
    return pieces


def literal_text(pieces: list[Piece]) -> str | None:
    if any(isinstance(p, Hole) for p in pieces):
        return None
    return "".join(p.text for p in pieces if isinstance(p, Lit))


# --- rendering ---------------------------------------------------------------------------------


def escape_for(context: str, value: str) -> str | None:
    """``value`` written inside a piece of quoting ``context``, or None if it cannot be."""
    if context == SQ:
        return None if "'" in value else value
    if context in (DQ, HEREDOC):
        if context == HEREDOC:
            return value.replace("\\", "\\\\").replace("$", "\\$").replace("`", "\\`")
        return "".join("\\" + c if c in _DQ_ESCAPABLE else c for c in value)
    if context == BARE:
        return value if _BARE_SAFE.fullmatch(value) else None
    if context == ANSI:
        return None if "'" in value or "\\" in value else value
    return None


def hole_source(hole: Hole | EnvRef) -> str:
    """Text that expands to the hole's value inside double quotes."""
    if isinstance(hole, EnvRef):
        return "$" + hole.name
    return hole.source


def render_dq_word(pieces: list[Piece | EnvRef]) -> str:
    out = ['"']
    for piece in pieces:
        if isinstance(piece, Lit):
            out.append(escape_for(DQ, piece.text) or "")
        else:
            source = hole_source(piece)
            if isinstance(piece, Hole) and piece.context == SQ:
                source = piece.source
            out.append(source)
    out.append('"')
    return "".join(out)


def sq_quote(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"
