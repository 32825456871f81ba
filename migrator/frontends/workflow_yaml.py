"""YAML as the workflow front-end reads it.

tree-sitter-yaml gives the nodes and their exact spans (turned into code-point offsets);
this module adds what a migration needs on top: decoded scalar values with a map from every
value character back to the file, and edits that keep the file's own layout (quoting,
indentation, comments, key order).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import tree_sitter_yaml
from tree_sitter import Language, Parser
from tree_sitter import Node as TsNode

from migrator.frontends.treesitter_text import Text as TreeText
from migrator.model import Edit

PLAIN, SINGLE, DOUBLE, LITERAL, FOLDED = "plain", "single", "double", "literal", "folded"
_SCALAR_STYLES = {
    "plain_scalar": PLAIN,
    "single_quote_scalar": SINGLE,
    "double_quote_scalar": DOUBLE,
    "block_scalar": LITERAL,
}
_DOUBLE_ESCAPES = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


@lru_cache(maxsize=1)
def _parser() -> Parser:
    return Parser(Language(tree_sitter_yaml.language()))


class Text(TreeText):
    """A file's text with line helpers on top of the offset conversion."""

    def line_start(self, offset: int) -> int:
        return self.text.rfind("\n", 0, offset) + 1

    def line_end(self, offset: int) -> int:
        """The offset of the newline ending the line that holds ``offset`` (or the end)."""
        end = self.text.find("\n", offset)
        return len(self.text) if end < 0 else end

    def column(self, offset: int) -> int:
        return offset - self.line_start(offset)

    def starts_line(self, offset: int) -> bool:
        """True when only spaces come before ``offset`` on its line."""
        return not self.text[self.line_start(offset) : offset].strip(" ")


@dataclass(eq=False)
class Node:
    """A YAML node: ``kind`` is mapping, sequence, scalar, alias or null."""

    kind: str
    start: int
    end: int
    flow: bool = False
    style: str = ""
    pairs: list[Pair] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    # Where the node's properties (anchor, tag) begin; equals ``start`` without them.
    outer_start: int = 0
    parent_column: int = 0

    def get(self, key: str) -> Pair | None:
        for pair in self.pairs:
            if pair.key_text == key:
                return pair
        return None

    def value(self, key: str) -> Node | None:
        pair = self.get(key)
        return pair.value if pair is not None else None


@dataclass(eq=False)
class Pair:
    key: Node | None
    value: Node | None
    start: int
    end: int
    key_text: str | None = None


@dataclass(eq=False)
class Item:
    node: Node | None
    start: int
    end: int


@dataclass
class Decoded:
    """A scalar's value and, for each value character, where it starts in the file.

    ``offsets`` has ``len(value) + 1`` entries; the last is where the value ends.
    """

    value: str
    offsets: list[int]
    indent: int = 0  # block scalars: the content indentation


class Document:
    """One parsed YAML file."""

    def __init__(self, text: str) -> None:
        self.text = Text(text)
        self.tree = _parser().parse(self.text.data)
        self.root: Node | None = None
        self.scalars: list[tuple[Node, str | None]] = []  # every scalar and its key
        for document in self.tree.root_node.children:
            if document.type != "document":
                continue
            for child in document.children:
                if child.type in ("block_node", "flow_node"):
                    self.root = self._build(child, 0, None)
                    break
            break

    # --- building -----------------------------------------------------------------------

    def _span(self, node: TsNode) -> tuple[int, int]:
        return self.text.char(node.start_byte), self.text.char(node.end_byte)

    def _build(self, wrapper: TsNode, parent_column: int, key: str | None) -> Node:
        outer_start, outer_end = self._span(wrapper)
        content = None
        for child in wrapper.children:
            if child.type not in ("anchor", "tag", "comment"):
                content = child
        if wrapper.type not in ("block_node", "flow_node"):
            content = wrapper
        if content is None:
            return Node("null", outer_end, outer_end, outer_start=outer_start)
        start, end = self._span(content)
        kind = content.type
        node: Node
        if kind in ("block_mapping", "flow_mapping"):
            node = Node("mapping", start, end, flow=kind == "flow_mapping")
            for child in content.children:
                if child.type in ("block_mapping_pair", "flow_pair"):
                    node.pairs.append(self._pair(child))
                elif child.type == "flow_node":
                    key_node = self._build(child, self.text.column(start), None)
                    s, e = self._span(child)
                    node.pairs.append(Pair(key_node, None, s, e, self._key_text(key_node)))
        elif kind in ("block_sequence", "flow_sequence"):
            node = Node("sequence", start, end, flow=kind == "flow_sequence")
            for child in content.children:
                s, e = self._span(child)
                if child.type == "block_sequence_item":
                    inner = next(
                        (c for c in child.children if c.type in ("block_node", "flow_node")),
                        None,
                    )
                    built = self._build(inner, self.text.column(s), None) if inner else None
                    node.items.append(Item(built, s, e))
                elif child.type == "flow_node":
                    node.items.append(Item(self._build(child, 0, None), s, e))
                elif child.type == "flow_pair":
                    single = Node("mapping", s, e, flow=True, outer_start=s)
                    single.pairs.append(self._pair(child))
                    node.items.append(Item(single, s, e))
        elif kind in _SCALAR_STYLES:
            style = _SCALAR_STYLES[kind]
            if style == LITERAL:
                style = FOLDED if self.text.text[start] == ">" else LITERAL
                end = self._trim_block_end(start, end)
            node = Node("scalar", start, end, style=style, parent_column=parent_column)
            self.scalars.append((node, key))
        elif kind == "alias":
            node = Node("alias", start, end)
        else:
            node = Node("null", start, end)
        node.outer_start = outer_start
        return node

    def _trim_block_end(self, start: int, end: int) -> int:
        """End a block scalar at its last content character, as tree-sitter mostly does."""
        text = self.text.text
        line_end = self.text.line_end(end)
        if not text[end:line_end].strip(" "):
            end = line_end
        header_end = text.find("\n", start, end)
        while header_end >= 0 and end > header_end:
            line_start = text.rfind("\n", 0, end) + 1
            if end > line_start and text[line_start:end].strip(" "):
                break
            end = max(line_start - 1, header_end)
        return end

    def _pair(self, pair: TsNode) -> Pair:
        start, end = self._span(pair)
        column = self.text.column(start)
        key_ts = pair.child_by_field_name("key")
        value_ts = pair.child_by_field_name("value")
        key = self._build(key_ts, column, None) if key_ts is not None else None
        key_text = self._key_text(key)
        value = self._build(value_ts, column, key_text) if value_ts is not None else None
        return Pair(key, value, start, end, key_text)

    def _key_text(self, key: Node | None) -> str | None:
        if key is None or key.kind != "scalar":
            return None
        return self.decode(key).value

    # --- reading ----------------------------------------------------------------------------

    def raw(self, node: Node) -> str:
        return self.text.text[node.start : node.end]

    def decode(self, node: Node) -> Decoded:
        assert node.kind == "scalar"
        return decode_scalar(self.text.text, node.start, node.end, node.style, node.parent_column)

    def scalar(self, node: Node | None) -> str | None:
        if node is None or node.kind != "scalar":
            return None
        return self.decode(node).value


# --- decoding scalars with offsets ------------------------------------------------------- ----


def decode_scalar(text: str, start: int, end: int, style: str, parent_column: int) -> Decoded:
    if style in (LITERAL, FOLDED):
        return _decode_block(text, start, end, style, parent_column)
    if style == PLAIN:
        return _decode_flow(text, start, end, quote="")
    return _decode_flow(text, start + 1, end - 1, quote="'" if style == SINGLE else '"')


def _decode_flow(text: str, start: int, end: int, quote: str) -> Decoded:
    """Plain and quoted scalars: escapes (quoted) and line folding."""
    value: list[str] = []
    offsets: list[int] = []
    position = start
    while position < end:
        char = text[position]
        if char == "\n" or (char in " \t" and _only_blanks_to_newline(text, position, end)):
            # A line break with the blanks around it folds: one break is a space, each
            # further empty line is a newline.
            fold_start = position
            breaks = 0
            while position < end and text[position] in " \t\n":
                breaks += text[position] == "\n"
                position += 1
            for folded in " " if breaks == 1 else "\n" * (breaks - 1):
                value.append(folded)
                offsets.append(fold_start)
            continue
        if quote == "'" and char == "'" and position + 1 < end and text[position + 1] == "'":
            value.append("'")
            offsets.append(position)
            position += 2
            continue
        if quote == '"' and char == "\\" and position + 1 < end:
            following = text[position + 1]
            if following == "\n":
                position += 2
                while position < end and text[position] in " \t":
                    position += 1
                continue
            if following in _HEX_ESCAPES:
                width = _HEX_ESCAPES[following]
                digits = text[position + 2 : position + 2 + width]
                value.append(chr(int(digits, 16)))
                offsets.append(position)
                position += 2 + width
                continue
            value.append(_DOUBLE_ESCAPES.get(following, following))
            offsets.append(position)
            position += 2
            continue
        value.append(char)
        offsets.append(position)
        position += 1
    offsets.append(end)
    return Decoded("".join(value), offsets)


def _only_blanks_to_newline(text: str, position: int, end: int) -> bool:
    while position < end and text[position] in " \t":
        position += 1
    return position < end and text[position] == "\n"


_BLOCK_HEADER = re.compile(r"[|>]([1-9+-]{0,2})")


def _decode_block(text: str, start: int, end: int, style: str, parent_column: int) -> Decoded:
    """Literal and folded block scalars. tree-sitter ends the node at its last content
    character; the chomping indicator decides which line breaks after it belong to it."""
    header = _BLOCK_HEADER.match(text, start)
    indicators = header.group(1) if header else ""
    chomping = "+" if "+" in indicators else "-" if "-" in indicators else ""
    explicit = next((int(c) for c in indicators if c.isdigit()), None)
    lines: list[tuple[int, int]] = []  # (line start, line end) of each content line
    newline = text.find("\n", start, end)
    if newline >= 0:
        position = newline + 1
        while position <= end:
            line_end = text.find("\n", position, end)
            if line_end < 0:
                line_end = end
            lines.append((position, line_end))
            position = line_end + 1
    if explicit is not None:
        indent = parent_column + explicit
    else:
        indent = next(
            (len(text[s:e]) - len(text[s:e].lstrip(" ")) for s, e in lines if text[s:e].strip()),
            0,
        )
    contents: list[tuple[str, int, int]] = []  # (content, where it starts, line end)
    for line_start, line_end in lines:
        raw = text[line_start:line_end]
        if not raw.strip(" ") and len(raw) <= indent:
            contents.append(("", line_end, line_end))
        else:
            contents.append((raw[indent:], line_start + indent, line_end))
    last = max((k for k, c in enumerate(contents) if c[0]), default=-1)
    contents = contents[: last + 1]

    value: list[str] = []
    offsets: list[int] = []
    k = 0
    while k < len(contents):
        content, content_start, line_end = contents[k]
        for index, char in enumerate(content):
            value.append(char)
            offsets.append(content_start + index)
        if k == len(contents) - 1:
            break
        following = k + 1
        if style == FOLDED and content:
            while not contents[following][0]:
                following += 1
        empties = following - k - 1
        if style == FOLDED and content and _folds(content, contents[following][0]):
            # Between two text lines a break is a space; empty lines between them keep one
            # newline each.
            breaks = [" "] if empties == 0 else ["\n"] * empties
        else:
            breaks = ["\n"] * (empties + 1)
        for index, folded in enumerate(breaks):
            value.append(folded)
            offsets.append(contents[k + index][2])
        k = following

    tail = end
    if contents and chomping != "-" and text.startswith("\n", end):
        value.append("\n")
        offsets.append(end)
        tail = min(end + 1, len(text))
        if chomping == "+":
            while tail < len(text):
                line_end = text.find("\n", tail)
                if line_end < 0 or text[tail:line_end].strip(" "):
                    break
                value.append("\n")
                offsets.append(line_end)
                tail = line_end + 1
    offsets.append(tail)
    return Decoded("".join(value), offsets, indent)


def _folds(line: str, following: str) -> bool:
    return not line.startswith((" ", "\t")) and not following.startswith((" ", "\t"))


# --- writing scalars back ---------------------------------------------------------------- ----


def encode_for_style(text: str, style: str) -> str | None:
    """``text`` as it must be written inside a scalar of ``style`` (line breaks excluded for
    block scalars, which the caller indents); ``None`` when it cannot be written there."""
    if style == SINGLE:
        if "\n" in text:
            return None
        return text.replace("'", "''")
    if style == DOUBLE:
        out = []
        for char in text:
            if char == "\\":
                out.append("\\\\")
            elif char == '"':
                out.append('\\"')
            elif char == "\n":
                out.append("\\n")
            elif char == "\t":
                out.append("\\t")
            elif ord(char) < 0x20:
                out.append(f"\\x{ord(char):02x}")
            else:
                out.append(char)
        return "".join(out)
    if style == PLAIN:
        if "\n" in text or ": " in text or " #" in text or "\t" in text:
            return None
        return text
    if style == FOLDED and "\n" in text:
        return None
    return text


def map_edit(
    document_text: str,
    node: Node,
    decoded: Decoded,
    start: int,
    end: int,
    replacement: str,
) -> Edit | str:
    """The file edit that makes ``decoded.value[start:end]`` read ``replacement``, in the
    scalar's own style; a reason when that cannot be written."""
    style = node.style
    value = decoded.value
    if style in (LITERAL, FOLDED) and value.endswith("\n"):
        content_length = len(value.rstrip("\n"))
        if start > content_length:
            if start == end == len(value) and replacement.endswith("\n"):
                # Appending after the last line: insert before the final line break.
                start = end = len(value) - 1
                replacement = "\n" + replacement[:-1]
            else:
                return "the edit touches the line breaks that end a block scalar"
    encoded = encode_for_style(replacement, style)
    if encoded is None:
        return f"the text cannot be written inside a {style} YAML scalar"
    file_start = decoded.offsets[start]
    file_end = decoded.offsets[end]
    if style in (LITERAL, FOLDED):
        encoded = _indent_block_text(document_text, encoded, file_start, file_end, decoded.indent)
    return Edit(file_start, file_end, encoded)


def _indent_block_text(
    text: str, inserted: str, file_start: int, file_end: int, indent: int
) -> str:
    if not inserted:
        return ""
    pad = " " * indent
    lines = inserted.split("\n")
    out: list[str] = []
    for index, line in enumerate(lines):
        if index == 0:
            at_line_start = file_start == 0 or text[file_start - 1] == "\n"
            out.append(pad + line if at_line_start and line else line)
        elif index == len(lines) - 1 and not line:
            at_line_start = file_end == 0 or text[file_end - 1] == "\n"
            out.append("" if at_line_start else pad)
        else:
            out.append(pad + line if line else "")
    return "\n".join(out)


# --- edits that keep the layout ------------------------------------------------------------- -


def replace_scalar(doc: Document, node: Node, new_value: str) -> Edit | str:
    """Replace a one-line scalar's whole value, keeping its quoting."""
    decoded = doc.decode(node)
    if node.style in (LITERAL, FOLDED):
        return "the value is a block scalar"
    return map_edit(doc.text.text, node, decoded, 0, len(decoded.value), new_value)


def _leading_comment_start(doc: Document, line_start: int, column: int) -> int:
    """Comment lines right above ``line_start`` at the same indentation belong to it."""
    text = doc.text.text
    start = line_start
    while start > 0:
        previous_start = text.rfind("\n", 0, start - 1) + 1
        line = text[previous_start : start - 1]
        stripped = line.lstrip(" ")
        if not stripped.startswith("#") or len(line) - len(stripped) != column:
            break
        start = previous_start
    return start


def _block_end(doc: Document, end: int) -> int:
    """The start of the line after the one where a block construct ends at ``end``."""
    text = doc.text.text
    newline = text.find("\n", max(end - 1, 0))
    if end > 0 and text[end - 1] == "\n":
        return end
    return len(text) if newline < 0 else newline + 1


def remove_pairs(doc: Document, mapping: Node, pairs: list[Pair]) -> list[Edit] | str:
    """Edits removing ``pairs`` from ``mapping``, with their own comments and lines."""
    if not pairs:
        return []
    if len(pairs) == len(mapping.pairs):
        return "it would leave the mapping empty"
    if mapping.flow:
        return _remove_flow_entries(doc, mapping, pairs)
    edits: list[Edit] = []
    for pair in pairs:
        if doc.text.starts_line(pair.start):
            line_start = doc.text.line_start(pair.start)
            start = _leading_comment_start(doc, line_start, pair.start - line_start)
            end = _block_end(doc, _content_end(doc, pair))
            edits.append(Edit(start, _swallow_blank_line(doc, start, end), ""))
            continue
        index = mapping.pairs.index(pair)
        if index + 1 >= len(mapping.pairs):
            return "the entry shares its line with other syntax"
        edits.append(Edit(pair.start, mapping.pairs[index + 1].start, ""))
    return edits


def _content_end(doc: Document, pair: Pair) -> int:
    end = pair.end
    value = pair.value
    if value is not None and value.kind == "scalar" and value.style in (LITERAL, FOLDED):
        decoded = doc.decode(value)
        end = max(end, decoded.offsets[-1])
        if end > 0 and doc.text.text[end - 1] == "\n":
            return end
    return end


def _remove_flow_entries(doc: Document, mapping: Node, pairs: list[Pair]) -> list[Edit] | str:
    text = doc.text.text
    edits: list[Edit] = []
    for pair in pairs:
        index = mapping.pairs.index(pair)
        if index + 1 < len(mapping.pairs):
            edits.append(Edit(pair.start, mapping.pairs[index + 1].start, ""))
        else:
            comma = text.rfind(",", mapping.start, pair.start)
            if comma < 0:
                return "cannot find the separator before the entry"
            edits.append(Edit(comma, pair.end, ""))
    merged: list[Edit] = []
    for edit in sorted(edits):
        if merged and merged[-1].end >= edit.start:
            merged[-1] = Edit(merged[-1].start, max(merged[-1].end, edit.end), "")
        else:
            merged.append(edit)
    return merged


def remove_item(doc: Document, sequence: Node, item: Item) -> Edit | str:
    """Remove a block sequence item (a step) with its own leading comment lines."""
    if sequence.flow or not doc.text.starts_line(item.start):
        return "the item shares its line with other syntax"
    if len(sequence.items) == 1:
        return "it would leave the sequence empty"
    line_start = doc.text.line_start(item.start)
    start = _leading_comment_start(doc, line_start, item.start - line_start)
    end = item.end
    if item.node is not None and item.node.kind == "mapping" and item.node.pairs:
        end = max(end, _content_end(doc, item.node.pairs[-1]))
    return Edit(start, _swallow_blank_line(doc, start, _block_end(doc, end)), "")


def _swallow_blank_line(doc: Document, start: int, end: int) -> int:
    """Removing lines that sat between two blank lines takes one of them along."""
    text = doc.text.text
    before_blank = start == 0 or not text[text.rfind("\n", 0, start - 1) + 1 : start].strip()
    after = text.find("\n", end)
    if before_blank and after >= 0 and not text[end:after].strip():
        return after + 1
    return end


def insert_pair_after(doc: Document, mapping: Node, anchor: Pair, key: str, value: str) -> Edit:
    """A new ``key: value`` entry right after ``anchor``, laid out like its siblings."""
    if mapping.flow:
        return Edit(anchor.end, anchor.end, f", {key}: {value}")
    column = doc.text.column(anchor.start)
    end = _block_end(doc, _content_end(doc, anchor))
    line = " " * column + f"{key}: {value}"
    text = doc.text.text
    if end == len(text) and not text.endswith("\n"):
        return Edit(end, end, "\n" + line)
    return Edit(end, end, line + "\n")


def rename_key(doc: Document, pair: Pair, new_key: str) -> Edit | str:
    if pair.key is None or pair.key.kind != "scalar":
        return "the key is not a plain text"
    return replace_scalar(doc, pair.key, new_key)
