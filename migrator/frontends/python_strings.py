"""Python string literals: decoding with source offsets, and writing text back in the same
quoting. No libcst here: callers hand in the token text and where it starts."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_PREFIX = re.compile(r"[rRbBuUfF]*")
_SIMPLE_ESCAPES = {
    "\\": "\\",
    "'": "'",
    '"': '"',
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
}


@dataclass(frozen=True)
class StringStyle:
    """How one string token is written: its prefix and quote."""

    prefix: str
    quote: str

    @property
    def raw(self) -> bool:
        return "r" in self.prefix.lower()

    @property
    def formatted(self) -> bool:
        return "f" in self.prefix.lower()

    @property
    def is_bytes(self) -> bool:
        return "b" in self.prefix.lower()

    def escape(self, text: str) -> str | None:
        """``text`` written inside this token's quotes, or ``None`` when it cannot be."""
        triple = len(self.quote) == 3
        quote_char = self.quote[0]
        if self.raw:
            if quote_char in text or text.endswith("\\") or (not triple and "\n" in text):
                return None
            out = text
        else:
            parts = []
            for char in text:
                if char == "\\":
                    parts.append("\\\\")
                elif char == quote_char:
                    parts.append("\\" + char)
                elif char == "\n":
                    parts.append("\n" if triple else "\\n")
                elif char in "\r\t":
                    parts.append({"\r": "\\r", "\t": "\\t"}[char])
                elif ord(char) < 0x20 or ord(char) == 0x7F:
                    parts.append(f"\\x{ord(char):02x}")
                else:
                    parts.append(char)
            out = "".join(parts)
        if self.formatted:
            out = out.replace("{", "{{").replace("}", "}}")
        return out

    def literal(self, text: str) -> str | None:
        """A whole token in this style holding ``text``."""
        body = self.escape(text)
        return None if body is None else f"{self.prefix}{self.quote}{body}{self.quote}"


def split_token(token: str) -> tuple[StringStyle, int, int]:
    """The style of a string token and where its body starts and ends in ``token``."""
    prefix = _PREFIX.match(token)
    assert prefix is not None
    rest = token[prefix.end() :]
    quote = rest[:3] if rest[:3] in ('"""', "'''") else rest[:1]
    return StringStyle(prefix.group(0), quote), prefix.end() + len(quote), len(token) - len(quote)


@dataclass
class DecodedText:
    """Decoded text and, for each character, the source span it came from."""

    text: str
    starts: list[int]
    ends: list[int]

    def source_range(self, start: int, end: int, at: int) -> tuple[int, int]:
        """Source offsets covering decoded characters ``[start, end)``; ``at`` is where the
        source body begins (for an empty range at the very end)."""
        if start < end:
            return self.starts[start], self.ends[end - 1]
        if start < len(self.starts):
            return self.starts[start], self.starts[start]
        point = self.ends[-1] if self.ends else at
        return point, point


def decode(body: str, origin: int, raw: bool, formatted: bool) -> DecodedText:
    """Decode a string body (between the quotes, or one text part of an f-string) that
    starts at source offset ``origin``."""
    text: list[str] = []
    starts: list[int] = []
    ends: list[int] = []

    def emit(value: str, start: int, end: int) -> None:
        for char in value:
            text.append(char)
            starts.append(origin + start)
            ends.append(origin + end)

    index = 0
    length = len(body)
    while index < length:
        char = body[index]
        if formatted and char in "{}" and body[index + 1 : index + 2] == char:
            emit(char, index, index + 2)
            index += 2
            continue
        if char != "\\" or raw or index + 1 >= length:
            emit(char, index, index + 1)
            index += 1
            continue
        following = body[index + 1]
        if following == "\n":
            index += 2
            continue
        if following in _SIMPLE_ESCAPES:
            emit(_SIMPLE_ESCAPES[following], index, index + 2)
            index += 2
            continue
        if following in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[following]
            digits = body[index + 2 : index + 2 + width]
            if len(digits) == width and all(c in "0123456789abcdefABCDEF" for c in digits):
                emit(chr(int(digits, 16)), index, index + 2 + width)
                index += 2 + width
                continue
        if following == "N" and body[index + 2 : index + 3] == "{":
            close = body.find("}", index + 3)
            if close > 0:
                try:
                    emit(unicodedata.lookup(body[index + 3 : close]), index, close + 1)
                    index = close + 1
                    continue
                except KeyError:
                    pass
        if following in "01234567":
            end = index + 1
            while end < length and end < index + 4 and body[end] in "01234567":
                end += 1
            emit(chr(int(body[index + 1 : end], 8)), index, end)
            index = end
            continue
        emit("\\", index, index + 1)
        index += 1
    return DecodedText("".join(text), starts, ends)
