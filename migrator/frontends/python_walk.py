"""Read-only walks over a libcst tree that build no nodes.

``CSTNode.visit`` rebuilds every node it passes (``_visit_and_replace_children``) even for a
visitor that changes nothing, and ``CSTNode.children`` does the same one level down. Here the
children come from the node's fields, in the order libcst visits them: that order is learnt
once per node type and set of present fields from ``children`` itself, and used unchanged
after that.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

import libcst as cst

_FIELDS: dict[type, tuple[str, ...]] = {}
# (type, present fields) -> the fields in visiting order, or None where libcst's order
# cannot be told from the fields (then ``children`` is asked each time).
_ORDER: dict[tuple[type, tuple[str, ...]], tuple[str, ...] | None] = {}


def _fields(kind: type) -> tuple[str, ...]:
    names = _FIELDS.get(kind)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(kind))
        _FIELDS[kind] = names
    return names


def _learn(node: cst.CSTNode, present: tuple[str, ...]) -> tuple[str, ...] | None:
    owner: dict[int, str] = {}
    for name in present:
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            owner[id(value)] = name
        else:
            for item in value:
                owner[id(item)] = name
    order: list[str] = []
    for child in node.children:
        name = owner.get(id(child))
        if name is None:
            return None
        if not order or order[-1] != name:
            if name in order:
                return None
            order.append(name)
    if len(order) != len(present):
        return None
    return tuple(order)


def children(node: cst.CSTNode) -> Sequence[cst.CSTNode]:
    """What ``node.children`` returns, without rebuilding ``node``."""
    kind = type(node)
    present: list[str] = []
    for name in _fields(kind):
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            present.append(name)
        elif isinstance(value, (tuple, list)) and value:
            if not all(isinstance(item, cst.CSTNode) for item in value):
                return node.children
            present.append(name)
    key = (kind, tuple(present))
    if key in _ORDER:
        order = _ORDER[key]
    else:
        order = _ORDER[key] = _learn(node, key[1])
    if order is None:
        return node.children
    out: list[cst.CSTNode] = []
    for name in order:
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            out.append(value)
        else:
            out.extend(value)
    return out


class FlatTree:
    """A tree in pre-order, each node with the index just past its subtree, so that walks
    of the whole tree or of any subtree of it only dispatch."""

    def __init__(self, root: cst.CSTNode) -> None:
        self.nodes: list[cst.CSTNode] = []
        self.ends: list[int] = []
        self.index: dict[int, int] = {}
        open_: list[tuple[cst.CSTNode, int]] = [(root, -1)]
        while open_:
            node, closing = open_.pop()
            if closing >= 0:
                self.ends[closing] = len(self.nodes)
                continue
            self.index.setdefault(id(node), len(self.nodes))
            open_.append((node, len(self.nodes)))
            self.nodes.append(node)
            self.ends.append(0)
            open_.extend((child, -1) for child in reversed(children(node)))

    def walk(self, root: cst.CSTNode, visitor: cst.CSTVisitor) -> None:
        """``walk(root, visitor)`` for ``root`` in this tree."""
        start = self.index.get(id(root))
        if start is None or self.nodes[start] is not root:
            walk(root, visitor)
            return
        nodes, ends = self.nodes, self.ends
        on_visit, on_leave = _dispatchers(visitor)
        leaving: list[int] = []
        position, stop = start, ends[start]
        while position < stop:
            while leaving and ends[leaving[-1]] <= position:
                on_leave(nodes[leaving.pop()])
            node = nodes[position]
            if on_visit(node):
                leaving.append(position)
                position += 1
            else:
                on_leave(node)
                position = ends[position]
        while leaving:
            on_leave(nodes[leaving.pop()])


def _dispatchers(
    visitor: cst.CSTVisitor,
) -> tuple[Callable[[cst.CSTNode], bool], Callable[[cst.CSTNode], None]]:
    """The visitor's ``on_visit`` and ``on_leave``; when those are libcst's own, equivalents
    that look each node type's handler up once and skip libcst's empty ones."""
    kind = type(visitor)
    if (
        kind.on_visit is not cst.CSTVisitor.on_visit
        or kind.on_leave is not cst.CSTVisitor.on_leave
    ):
        return visitor.on_visit, visitor.on_leave
    visits: dict[type, Callable[[cst.CSTNode], object] | None] = {}
    leaves: dict[type, Callable[[cst.CSTNode], object] | None] = {}

    def handler(prefix: str, node_kind: type) -> Callable[[cst.CSTNode], object] | None:
        name = f"{prefix}_{node_kind.__name__}"
        if getattr(kind, name, None) is getattr(cst.CSTVisitor, name, None):
            return None
        return getattr(visitor, name)

    def on_visit(node: cst.CSTNode) -> bool:
        node_kind = type(node)
        if node_kind in visits:
            found = visits[node_kind]
        else:
            found = visits[node_kind] = handler("visit", node_kind)
        return found is None or found(node) is not False

    def on_leave(node: cst.CSTNode) -> None:
        node_kind = type(node)
        if node_kind in leaves:
            found = leaves[node_kind]
        else:
            found = leaves[node_kind] = handler("leave", node_kind)
        if found is not None:
            found(node)

    return on_visit, on_leave


def walk(root: cst.CSTNode, visitor: cst.CSTVisitor) -> None:
    """``root.visit(visitor)`` for a visitor that only reads: the same ``on_visit`` and
    ``on_leave`` calls in the same order, iteratively, with no node rebuilt."""
    on_visit, on_leave = _dispatchers(visitor)
    stack: list[tuple[cst.CSTNode, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            on_leave(node)
            continue
        if on_visit(node):
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(children(node)))
        else:
            on_leave(node)
