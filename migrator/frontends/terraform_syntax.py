"""Terraform files as tree-sitter-hcl sees them: blocks, attributes, references, comments.

Offsets here are code points into the file's text, like everywhere else in the project;
tree-sitter's byte offsets are converted once per file.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import tree_sitter_hcl
from tree_sitter import Language, Node, Parser, Tree

from migrator.frontends.treesitter_text import char_of_byte, walk

_LANGUAGE = Language(tree_sitter_hcl.language())
_BUILTIN_ROOTS = frozenset({"count", "each", "self", "path", "terraform"})
_TRAVERSAL_PARTS = frozenset({"get_attr", "index", "splat"})
_CODE_IN_COMMENT = re.compile(
    r"""^\s*(?:
        (?:resource|data|module|variable|output|locals|provider|terraform|dynamic)\b.*[{"]
      | [A-Za-z_][\w-]*\s*=\s*\S
      | "[^"]*"\s*=\s*\S
      | [}\])]\s*,?\s*$
      | [A-Za-z_][\w-]*\s*\{\s*$
      | [A-Za-z_][\w-]*(?:\s+"[^"]*")+\s*\{
    )""",
    re.VERBOSE,
)


def parser() -> Parser:
    return Parser(_LANGUAGE)


@dataclass
class Ref:
    """A reference to something a module declares: ``data.coder_task.me.prompt``.

    ``address`` is what it points at (``data.coder_task.me``, ``module.claude-code``,
    ``var.key``, ``local.prompt``, ``coder_ai_task.task``); ``attrs`` are the attribute
    names read after it (indexes skipped).
    """

    address: str
    attrs: tuple[str, ...]
    start: int
    end: int
    node: Node
    file: TfFile

    @property
    def text(self) -> str:
        return self.file.text[self.start : self.end]


@dataclass
class Block:
    """A block: its type, labels, body attributes and nested blocks."""

    node: Node
    file: TfFile
    type: str
    labels: tuple[str, ...]
    parent: Block | None = None
    attributes: dict[str, Attribute] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.file.cp(self.node.start_byte)

    @property
    def end(self) -> int:
        return self.file.cp(self.node.end_byte)

    @property
    def header_end(self) -> int:
        """Where the block's type and labels end (findings point at the header)."""
        for child in self.node.children:
            if child.type == "block_start":
                return self.file.cp(child.start_byte)
        return self.end

    @property
    def address(self) -> str | None:
        if self.parent is not None:
            return None
        if self.type == "resource" and len(self.labels) == 2:
            return f"{self.labels[0]}.{self.labels[1]}"
        if self.type == "data" and len(self.labels) == 2:
            return f"data.{self.labels[0]}.{self.labels[1]}"
        if self.type == "module" and len(self.labels) == 1:
            return f"module.{self.labels[0]}"
        if self.type == "variable" and len(self.labels) == 1:
            return f"var.{self.labels[0]}"
        return None

    @property
    def resource_type(self) -> str | None:
        if self.type in ("resource", "data") and self.labels:
            return self.labels[0]
        return None

    def describe(self) -> str:
        if self.type == "resource" and len(self.labels) == 2:
            return f"{self.labels[0]}.{self.labels[1]}"
        if self.type == "locals":
            return "locals"
        return " ".join([self.type, *(f'"{label}"' for label in self.labels)])

    def string_attribute(self, name: str) -> str | None:
        attribute = self.attributes.get(name)
        return attribute.string_value() if attribute is not None else None

    def walk(self) -> Iterator[Block]:
        yield self
        for block in self.blocks:
            yield from block.walk()


@dataclass
class Attribute:
    """``name = value`` in a block body (or at the top level of a file)."""

    node: Node
    file: TfFile
    name: str
    value: Node
    block: Block | None

    @property
    def start(self) -> int:
        return self.file.cp(self.node.start_byte)

    @property
    def end(self) -> int:
        return self.file.cp(self.node.end_byte)

    def string_value(self) -> str | None:
        return string_literal(self.value, self.file)


class TfFile:
    """One parsed ``.tf`` file."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text
        self.data = text.encode("utf-8")
        self.tree: Tree = parser().parse(self.data)
        self._cps: list[int] | None = None
        self._comments: list[Node] = []
        self._elements: list[Node] = []
        self._bodies: list[Node] = []
        self._errors = 0
        if len(self.data) != len(text):
            self._cps = char_of_byte(text)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.blocks: list[Block] = []
        self.top_attributes: list[Attribute] = []
        self._survey()
        self._read_body()
        self._comment_map: dict[int, str] | None = None
        self.refs: list[Ref] = list(self._collect_refs())

    # --- offsets and lines ---------------------------------------------------------------

    def cp(self, byte_offset: int) -> int:
        return self._cps[byte_offset] if self._cps is not None else byte_offset

    def node_text(self, node: Node) -> str:
        return self.text[self.cp(node.start_byte) : self.cp(node.end_byte)]

    def span(self, node: Node) -> tuple[int, int]:
        return self.cp(node.start_byte), self.cp(node.end_byte)

    def line_of(self, offset: int) -> int:
        """0-based line of ``offset``."""
        import bisect

        return bisect.bisect_right(self._line_starts, offset) - 1

    def line_start(self, line: int) -> int:
        return self._line_starts[line]

    def line_end(self, line: int) -> int:
        """Offset just past the line's newline (or the end of the text)."""
        if line + 1 < len(self._line_starts):
            return self._line_starts[line + 1]
        return len(self.text)

    def line_count(self) -> int:
        return len(self._line_starts)

    def line_text(self, line: int) -> str:
        return self.text[self.line_start(line) : self.line_end(line)].rstrip("\n")

    def is_blank(self, line: int) -> bool:
        return 0 <= line < self.line_count() and not self.line_text(line).strip()

    def error_count(self) -> int:
        return self._errors

    def crowded_count(self) -> int:
        """Arguments or blocks that start on the line where the one before them ends.

        HCL wants each on a line of its own, but both parsers accept ``a = 1 b = 2``.
        """
        count = 0
        for node in self._bodies:
            items = [c for c in node.children if c.type in ("attribute", "block")]
            for before, after in itertools.pairwise(items):
                count += after.start_point[0] == before.end_point[0]
        return count

    def object_elements(self) -> list[Node]:
        """Every ``key = value`` element of every map in the file."""
        return self._elements

    def _survey(self) -> None:
        """One walk for what several questions need: comments, map elements, errors."""
        for node in walk(self.tree.root_node):
            if node.type == "comment":
                self._comments.append(node)
            elif node.type == "object_elem":
                self._elements.append(node)
            elif node.type == "body":
                self._bodies.append(node)
            if node.is_error or node.is_missing:
                self._errors += 1

    # --- structure -------------------------------------------------------------------------

    def _read_body(self) -> None:
        root = self.tree.root_node
        for body in (c for c in root.children if c.type == "body"):
            for child in body.children:
                if child.type == "block":
                    self.blocks.append(self._block(child, None))
                elif child.type == "attribute":
                    attribute = self._attribute(child, None)
                    if attribute is not None:
                        self.top_attributes.append(attribute)

    def _block(self, node: Node, parent: Block | None) -> Block:
        type_name = ""
        labels: list[str] = []
        for child in node.children:
            if child.type == "identifier" and not type_name:
                type_name = self.node_text(child)
            elif child.type == "identifier":
                labels.append(self.node_text(child))
            elif child.type == "string_lit":
                labels.append(string_literal(child, self) or self.node_text(child))
            elif child.type == "block_start":
                break
        block = Block(node, self, type_name, tuple(labels), parent)
        for body in (c for c in node.children if c.type == "body"):
            for child in body.children:
                if child.type == "attribute":
                    attribute = self._attribute(child, block)
                    if attribute is not None:
                        block.attributes.setdefault(attribute.name, attribute)
                elif child.type == "block":
                    block.blocks.append(self._block(child, block))
        return block

    def _attribute(self, node: Node, block: Block | None) -> Attribute | None:
        name = next((c for c in node.children if c.type == "identifier"), None)
        value = next((c for c in node.children if c.type == "expression"), None)
        if name is None or value is None:
            return None
        return Attribute(node, self, self.node_text(name), value, block)

    def all_blocks(self) -> Iterator[Block]:
        for block in self.blocks:
            yield from block.walk()

    # --- comments --------------------------------------------------------------------------

    @property
    def comment_lines(self) -> dict[int, str]:
        """Lines that hold nothing but a comment, with the comment's text."""
        if self._comment_map is None:
            self._comment_map = self._comment_lines()
        return self._comment_map

    def _comment_lines(self) -> dict[int, str]:
        out: dict[int, str] = {}
        for node in self._comments:
            start, end = self.span(node)
            first, last = self.line_of(start), self.line_of(max(start, end - 1))
            before = self.text[self.line_start(first) : start]
            after = self.text[end : self.line_end(last)]
            if before.strip() or after.strip():
                continue
            comment = self.text[start:end]
            for index, line in enumerate(range(first, last + 1)):
                out[line] = comment.splitlines()[index] if comment.splitlines() else ""
        return out

    def leading_comment_start(self, line: int) -> int:
        """The first line of the comment lines directly above ``line`` that describe it.

        Commented-out code above a block is never taken with it: the run stops below the
        last comment line that reads like HCL.
        """
        first = line
        probe = line - 1
        while probe >= 0 and probe in self.comment_lines:
            first = probe
            probe -= 1
        for candidate in range(line - 1, first - 1, -1):
            if looks_like_code(self.comment_lines[candidate]):
                return candidate + 1
        return first

    # --- references ------------------------------------------------------------------------

    def _collect_refs(self) -> Iterator[Ref]:
        yield from self._refs_in(self.tree.root_node, frozenset())

    def _refs_in(self, node: Node, bound: frozenset[str]) -> Iterator[Ref]:
        if node.type == "variable_expr":
            ref = self._ref_at(node, bound)
            if ref is not None:
                yield ref
            return
        if node.type in ("for_tuple_expr", "for_object_expr"):
            intro = next((c for c in node.children if c.type == "for_intro"), None)
            names = set()
            if intro is not None:
                for child in intro.children:
                    if child.type == "identifier":
                        names.add(self.node_text(child))
                    elif child.type == "expression":
                        yield from self._refs_in(child, bound)
            inner = bound | names
            for child in node.children:
                if child is not intro:
                    yield from self._refs_in(child, inner)
            return
        if node.type == "block":
            inner = bound
            if _block_type(node, self) == "dynamic":
                inner = bound | {_dynamic_iterator(node, self)}
            for child in node.children:
                yield from self._refs_in(child, inner)
            return
        if node.type == "object_elem":
            key = node.child_by_field_name("key")
            for child in node.children:
                if child == key and _is_bare_name(child):
                    continue
                yield from self._refs_in(child, bound)
            return
        for child in node.children:
            yield from self._refs_in(child, bound)

    def _ref_at(self, node: Node, bound: frozenset[str]) -> Ref | None:
        """The reference a traversal starting at ``node`` makes. Indexes inside it are
        siblings of ``node``, so the caller's walk finds the references they hold."""
        root = self.node_text(node)
        if root in bound or root in _BUILTIN_ROOTS:
            return None
        parts: list[Node] = []
        sibling = node.next_sibling
        while sibling is not None and sibling.type in _TRAVERSAL_PARTS:
            parts.append(sibling)
            if sibling.type == "splat":
                break
            sibling = sibling.next_sibling
        names = [self._attr_name(part) for part in parts]
        head_count = {"data": 2}.get(root, 1)
        leading: list[str] = []
        for name in names:
            if name is None or len(leading) == head_count:
                break
            leading.append(name)
        if len(leading) < head_count:
            return None
        end_node = parts[-1] if parts else node
        start, end = self.cp(node.start_byte), self.cp(end_node.end_byte)
        rest = tuple(name for name in names if name is not None)[head_count:]
        return Ref(".".join([root, *leading]), rest, start, end, node, self)

    def _attr_name(self, part: Node) -> str | None:
        if part.type != "get_attr":
            return None
        identifier = next((c for c in part.children if c.type == "identifier"), None)
        return self.node_text(identifier) if identifier is not None else None


def _block_type(node: Node, file: TfFile) -> str:
    identifier = next((c for c in node.children if c.type == "identifier"), None)
    return file.node_text(identifier) if identifier is not None else ""


def _dynamic_iterator(node: Node, file: TfFile) -> str:
    label = next((c for c in node.children if c.type == "string_lit"), None)
    name = string_literal(label, file) if label is not None else None
    for body in (c for c in node.children if c.type == "body"):
        for child in body.children:
            if child.type != "attribute":
                continue
            key = next((c for c in child.children if c.type == "identifier"), None)
            if key is not None and file.node_text(key) == "iterator":
                value = next((c for c in child.children if c.type == "expression"), None)
                if value is not None:
                    return file.node_text(value).strip()
    return name or ""


def _is_bare_name(expression: Node) -> bool:
    named = expression.named_children
    return len(named) == 1 and named[0].type == "variable_expr"


def unwrap(node: Node) -> Node:
    """The node an ``expression`` wrapper stands for, when it wraps exactly one."""
    while node.type in ("expression", "collection_value", "literal_value", "template_expr"):
        named = node.named_children
        if len(named) != 1:
            break
        node = named[0]
    return node


def string_literal(node: Node, file: TfFile) -> str | None:
    """The value of a string with no interpolation, else ``None``."""
    inner = unwrap(node)
    if inner.type not in ("string_lit", "quoted_template"):
        return None
    pieces = []
    for child in inner.children:
        if child.type in ("quoted_template_start", "quoted_template_end"):
            continue
        if child.type != "template_literal":
            return None
        pieces.append(file.node_text(child))
    # Whitespace between template_literal nodes is not a node of its own.
    start = file.cp(inner.start_byte) + 1
    end = file.cp(inner.end_byte) - 1
    raw = file.text[start:end] if end >= start else ""
    return raw if "\\" not in raw else _unescape(raw)


def _unescape(raw: str) -> str:
    out = []
    index = 0
    while index < len(raw):
        char = raw[index]
        if char == "\\" and index + 1 < len(raw):
            nxt = raw[index + 1]
            out.append({"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}.get(nxt, nxt))
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def looks_like_code(comment: str) -> bool:
    body = re.sub(r"^\s*(?:#|//|/\*|\*)", "", comment)
    body = re.sub(r"\*/\s*$", "", body)
    return bool(_CODE_IN_COMMENT.match(body))


def error_count(tree: Tree) -> int:
    return sum(1 for node in walk(tree.root_node) if node.is_error or node.is_missing)


@lru_cache(maxsize=256)
def parse_file(path: Path, text: str) -> TfFile:
    """Parse once per (path, text): siblings are read again on every pass."""
    return TfFile(path, text)
