"""What every tree-sitter front-end needs: code-point offsets for byte offsets, and a walk."""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node


class Text:
    """A file's text with byte ↔ code-point offset conversion for tree-sitter nodes."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.data = text.encode("utf-8")
        self._ascii = len(self.data) == len(text)
        self._char_of_byte: list[int] | None = None

    def char(self, byte_offset: int) -> int:
        if self._ascii:
            return byte_offset
        if self._char_of_byte is None:
            self._char_of_byte = char_of_byte(self.text)
        return self._char_of_byte[byte_offset]

    def span(self, node: Node) -> tuple[int, int]:
        return self.char(node.start_byte), self.char(node.end_byte)

    def of(self, node: Node) -> str:
        start, end = self.span(node)
        return self.text[start:end]


def char_of_byte(text: str) -> list[int]:
    """For each UTF-8 byte offset of ``text``, the code-point offset it falls in."""
    out: list[int] = []
    for index, char in enumerate(text):
        out.extend([index] * len(char.encode("utf-8")))
    out.append(len(text))
    return out


def walk(node: Node) -> Iterator[Node]:
    """Every node below ``node``, in document order."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))
