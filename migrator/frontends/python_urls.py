"""Where a URL hides in Python, and how to write a new one back.

An expression that builds a URL is read as a row of atoms: literal text (from string
literals, f-string text, ``%`` and ``.format`` templates) and holes (any other expression).
A new URL keeps the holes it still needs byte for byte; only literal text changes, and holes
it no longer needs (the owner segment) are removed with whatever carried them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import libcst as cst

from migrator.callmodel import EnvRef, Hole, Lit, Piece
from migrator.frontends.python_model import PyModule
from migrator.frontends.python_strings import DecodedText, StringStyle, decode, split_token
from migrator.model import Edit

_PERCENT = re.compile(
    r"%(?:\((?P<key>\w+)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?"
    r"(?P<conv>[diouxXeEfFgGcrsa%])"
)
_URLJOIN = ("urllib.parse.urljoin", "parse.urljoin", "urljoin")
_MAX_DEPTH = 4


@dataclass
class TextAtom:
    decoded: DecodedText
    style: StringStyle
    body_start: int
    whole_token: bool = False
    removal: tuple[Edit, ...] | None = None
    template: str = ""  # "format" or "percent": the text is a template of that kind


@dataclass
class HoleAtom:
    hole: Hole
    node: cst.CSTNode
    removal: tuple[Edit, ...] | None = None


Atom = TextAtom | HoleAtom


def pieces_of(atoms: list[Atom]) -> list[Piece]:
    out: list[Piece] = []
    for atom in atoms:
        if isinstance(atom, HoleAtom):
            out.append(atom.hole)
        elif atom.decoded.text:
            decoded = atom.decoded
            out.append(Lit(decoded.text, (decoded.starts[0], decoded.ends[-1])))
    return out


def _slice(decoded: DecodedText, start: int, end: int) -> DecodedText:
    return DecodedText(decoded.text[start:end], decoded.starts[start:end], decoded.ends[start:end])


def remove_element(
    model: PyModule, elements: list[cst.CSTNode], index: int
) -> tuple[Edit, ...] | None:
    """Edits removing one element of a comma-separated row (arguments, tuple items)."""
    if len(elements) < 2:
        return None
    if index + 1 < len(elements):
        return (Edit(model.span(elements[index])[0], model.span(elements[index + 1])[0], ""),)
    return (Edit(model.span(elements[index - 1])[1], model.span(elements[index])[1], ""),)


class UrlReader:
    """Reads URL expressions of one file into atoms."""

    def __init__(self, model: PyModule) -> None:
        self.model = model

    def atoms(self, node: cst.BaseExpression, depth: int = 0) -> list[Atom]:
        model = self.model
        if isinstance(node, cst.SimpleString):
            return self._simple(node)
        if isinstance(node, cst.ConcatenatedString):
            left = self.atoms(node.left, depth)
            right = self.atoms(node.right, depth)
            return left + right
        if isinstance(node, cst.FormattedString):
            return self._formatted(node, depth)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
            return self._concatenation(node, depth)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Modulo):
            found = self._percent(node, depth)
            if found is not None:
                return found
        if isinstance(node, cst.Call):
            found = self._call(node, depth)
            if found is not None:
                return found
        if isinstance(node, cst.Name) and depth < _MAX_DEPTH:
            value, local = model.single_value(node.value, node)
            if value is not None and local and model.loads(node.value, node) == 1:
                return self.atoms(value, depth + 1)
        return [HoleAtom(self.hole(node, depth), node)]

    def hole(self, node: cst.BaseExpression, depth: int = 0) -> Hole:
        model = self.model
        var = None
        resolved = None
        if isinstance(node, cst.Name):
            var = node.value
            value, _ = model.single_value(node.value, node)
            if value is not None and depth < _MAX_DEPTH:
                resolved = tuple(pieces_of(self.atoms(value, depth + 1)))
        elif isinstance(node, cst.Attribute):
            var = model.code(node)
            values = model.attribute_values(node)
            if len(values) == 1 and depth < _MAX_DEPTH:
                resolved = tuple(pieces_of(self.atoms(values[0], depth + 1)))
        return Hole(model.code(node), model.span(node), var, resolved)

    # --- literals -----------------------------------------------------------------------

    def _simple(self, node: cst.SimpleString) -> list[Atom]:
        start, _ = self.model.span(node)
        style, body_start, body_end = split_token(node.value)
        if style.is_bytes:
            return [HoleAtom(Hole(node.value, self.model.span(node)), node)]
        decoded = decode(node.value[body_start:body_end], start + body_start, style.raw, False)
        return [TextAtom(decoded, style, start + body_start, whole_token=True)]

    def _formatted(self, node: cst.FormattedString, depth: int) -> list[Atom]:
        style = StringStyle(node.prefix, node.quote)
        if style.is_bytes:
            return [HoleAtom(Hole(self.model.code(node), self.model.span(node)), node)]
        out: list[Atom] = []
        for part in node.parts:
            start, end = self.model.span(part)
            if isinstance(part, cst.FormattedStringText):
                decoded = decode(part.value, start, style.raw, True)
                out.append(TextAtom(decoded, style, start))
            else:
                assert isinstance(part, cst.FormattedStringExpression)
                hole = self.hole(part.expression, depth)
                out.append(HoleAtom(hole, part.expression, (Edit(start, end, ""),)))
        if not out:
            body_start = self.model.span(node)[0] + len(node.prefix) + len(node.quote)
            out.append(TextAtom(DecodedText("", [], []), style, body_start))
        return out

    def _concatenation(self, node: cst.BinaryOperation, depth: int) -> list[Atom]:
        operands: list[cst.BaseExpression] = []

        def flatten(expr: cst.BaseExpression, top: bool = False) -> None:
            if (
                isinstance(expr, cst.BinaryOperation)
                and isinstance(expr.operator, cst.Add)
                and (top or not expr.lpar)
            ):
                flatten(expr.left)
                flatten(expr.right)
            else:
                operands.append(expr)

        flatten(node, top=True)
        out: list[Atom] = []
        for index, operand in enumerate(operands):
            if index == 0:
                removal = (Edit(self.model.span(operand)[0], self.model.span(operands[1])[0], ""),)
            else:
                removal = (
                    Edit(self.model.span(operands[index - 1])[1], self.model.span(operand)[1], ""),
                )
            found = self.atoms(operand, depth)
            if operand.lpar:
                removal = ()
            if len(found) == 1 and isinstance(found[0], HoleAtom) and found[0].node is operand:
                found[0].removal = removal or None
            elif len(found) == 1 and isinstance(found[0], TextAtom) and found[0].whole_token:
                found[0].removal = removal or None
            out.extend(found)
        return out

    def _percent(self, node: cst.BinaryOperation, depth: int) -> list[Atom] | None:
        if not isinstance(node.left, cst.SimpleString):
            return None
        template = self._simple(node.left)
        if not isinstance(template[0], TextAtom):
            return None
        text_atom = template[0]
        decoded = text_atom.decoded
        right = node.right
        values: list[cst.BaseExpression]
        elements: list[cst.CSTNode] = []
        if isinstance(right, cst.Tuple):
            elements = list(right.elements)
            values = [e.value for e in right.elements]
        else:
            values = [right]
        out: list[Atom] = []
        position = 0
        used = 0
        for match in _PERCENT.finditer(decoded.text):
            if match.group("key") or match.group("conv") == "%":
                if match.group("conv") != "%":
                    return None
                if match.start() > position:
                    out.append(self._percent_text(decoded, position, match.start(), text_atom))
                # ``%%`` is one percent sign written with two characters.
                percent = DecodedText(
                    "%", [decoded.starts[match.start()]], [decoded.ends[match.end() - 1]]
                )
                out.append(
                    TextAtom(percent, text_atom.style, text_atom.body_start, template="percent")
                )
                position = match.end()
                continue
            if used >= len(values):
                return None
            if match.start() > position:
                out.append(self._percent_text(decoded, position, match.start(), text_atom))
            value = values[used]
            removal = None
            element_removal = remove_element(self.model, elements, used) if elements else None
            if element_removal is not None:
                placeholder = Edit(
                    decoded.starts[match.start()], decoded.ends[match.end() - 1], ""
                )
                removal = (placeholder, *element_removal)
            out.append(HoleAtom(self.hole(value, depth), value, removal))
            used += 1
            position = match.end()
        if used != len(values):
            return None
        if position < len(decoded.text):
            out.append(self._percent_text(decoded, position, len(decoded.text), text_atom))
        return out

    def _percent_text(
        self, decoded: DecodedText, start: int, end: int, atom: TextAtom
    ) -> TextAtom:
        return TextAtom(
            _slice(decoded, start, end), atom.style, atom.body_start, template="percent"
        )

    def _call(self, node: cst.Call, depth: int) -> list[Atom] | None:
        func = node.func
        if (
            isinstance(func, cst.Attribute)
            and func.attr.value == "format"
            and isinstance(func.value, cst.SimpleString)
        ):
            return self._format(node, func.value, depth)
        qualified = self.model.qualified(func) or ""
        positional = [a for a in node.args if a.keyword is None and not a.star]
        if qualified in _URLJOIN and len(positional) == 2 and len(node.args) == 2:
            return self.atoms(positional[0].value, depth) + self.atoms(positional[1].value, depth)
        return None

    def _format(
        self, node: cst.Call, template_node: cst.SimpleString, depth: int
    ) -> list[Atom] | None:
        template = self._simple(template_node)
        if not isinstance(template[0], TextAtom):
            return None
        text_atom = template[0]
        decoded = text_atom.decoded
        text = decoded.text
        args = list(node.args)
        positional = [a for a in args if a.keyword is None]
        if any(a.star for a in args):
            return None
        keywords = {a.keyword.value: a for a in args if a.keyword is not None}
        fields: list[tuple[int, int, str]] = []
        literal_runs: list[tuple[int, int]] = []
        index = 0
        run_start = 0
        while index < len(text):
            char = text[index]
            if char in "{}" and text[index + 1 : index + 2] == char:
                index += 2
                continue
            if char == "{":
                close = text.find("}", index)
                if close < 0:
                    return None
                literal_runs.append((run_start, index))
                name = re.split(r"[!:]", text[index + 1 : close], maxsplit=1)[0]
                fields.append((index, close + 1, name))
                index = close + 1
                run_start = index
                continue
            index += 1
        literal_runs.append((run_start, len(text)))
        auto = all(name == "" for _, _, name in fields)
        names = [name for _, _, name in fields]
        out: list[Atom] = []
        auto_index = 0
        for position, (start, end, name) in enumerate(fields):
            run = literal_runs[position]
            if run[1] > run[0]:
                out.append(self._format_text(decoded, run, text_atom))
            arg: cst.Arg | None
            if name == "":
                arg = positional[auto_index] if auto_index < len(positional) else None
                auto_index += 1
            elif name.isdigit():
                arg = positional[int(name)] if int(name) < len(positional) else None
            else:
                arg = keywords.get(name)
            if arg is None:
                return None
            removal = None
            if (auto and name == "") or (name and not name.isdigit() and names.count(name) == 1):
                element_removal = remove_element(self.model, args, args.index(arg))
                if element_removal is not None:
                    placeholder = Edit(decoded.starts[start], decoded.ends[end - 1], "")
                    removal = (placeholder, *element_removal)
            out.append(HoleAtom(self.hole(arg.value, depth), arg.value, removal))
        last = literal_runs[-1]
        if last[1] > last[0]:
            out.append(self._format_text(decoded, last, text_atom))
        return out

    def _format_text(self, decoded: DecodedText, run: tuple[int, int], atom: TextAtom) -> TextAtom:
        # ``{{`` in a .format template is one brace: drop the second of each pair.
        chars = _slice(decoded, run[0], run[1])
        keep_text: list[str] = []
        keep_starts: list[int] = []
        keep_ends: list[int] = []
        index = 0
        while index < len(chars.text):
            char = chars.text[index]
            if char in "{}" and chars.text[index + 1 : index + 2] == char:
                keep_text.append(char)
                keep_starts.append(chars.starts[index])
                keep_ends.append(chars.ends[index + 1])
                index += 2
                continue
            keep_text.append(char)
            keep_starts.append(chars.starts[index])
            keep_ends.append(chars.ends[index])
            index += 1
        return TextAtom(
            DecodedText("".join(keep_text), keep_starts, keep_ends),
            atom.style,
            atom.body_start,
            template="format",
        )


# --- writing a new URL back ------------------------------------------------------------------


def _escape(atom: TextAtom, text: str) -> str | None:
    written = atom.style.escape(text)
    if written is None:
        return None
    if atom.template == "format":
        return written.replace("{", "{{").replace("}", "}}")
    if atom.template == "percent":
        return written.replace("%", "%%")
    return written


def render_url(atoms: list[Atom], new: list[Piece | EnvRef]) -> list[Edit] | str:
    """Edits that turn the URL read as ``atoms`` into ``new``, or why they cannot."""
    if any(isinstance(piece, EnvRef) for piece in new):
        return "the new URL needs an environment variable inside it"
    kept = [piece for piece in new if isinstance(piece, Hole)]
    positions: list[int] = []
    search = 0
    for hole in kept:
        for index in range(search, len(atoms)):
            atom = atoms[index]
            if isinstance(atom, HoleAtom) and atom.hole == hole:
                positions.append(index)
                search = index + 1
                break
        else:
            return "the parts of the URL cannot be matched to the code"
    groups: list[str] = [""]
    for piece in new:
        if isinstance(piece, Hole):
            groups.append("")
        elif isinstance(piece, Lit):
            groups[-1] += piece.text
    bounds = [-1, *positions, len(atoms)]
    edits: list[Edit] = []
    for index, literal in enumerate(groups):
        gap = atoms[bounds[index] + 1 : bounds[index + 1]]
        found = _render_gap(gap, literal)
        if isinstance(found, str):
            return found
        edits.extend(found)
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    for first, second in zip(ordered, ordered[1:], strict=False):
        if first.overlaps(second):
            return "the URL is built in a way whose parts overlap"
    return edits


def _render_gap(gap: list[Atom], new: str) -> list[Edit] | str:
    chars: list[tuple[int, int | None]] = []
    for atom_index, atom in enumerate(gap):
        if isinstance(atom, TextAtom):
            chars.extend((atom_index, char) for char in range(len(atom.decoded.text)))
        else:
            chars.append((atom_index, None))
    old = "".join(
        "\0" if char is None else gap[atom].decoded.text[char]  # type: ignore[union-attr]
        for atom, char in chars
    )
    dropped = any(isinstance(atom, HoleAtom) for atom in gap)
    if not dropped and old == new:
        return []
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix] != "\0":
        prefix += 1
    suffix = 0
    if not dropped:
        while (
            suffix < min(len(old), len(new)) - prefix
            and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]
        ):
            suffix += 1
    region = chars[prefix : len(old) - suffix]
    middle = new[prefix : len(new) - suffix]

    edits: list[Edit] = []
    carried = False
    groups: list[tuple[int, list[int | None]]] = []
    for atom_index, char in region:
        if groups and groups[-1][0] == atom_index:
            groups[-1][1].append(char)
        else:
            groups.append((atom_index, [char]))
    for atom_index, group_chars in groups:
        atom = gap[atom_index]
        if isinstance(atom, HoleAtom):
            if atom.removal is None:
                return f"`{atom.hole.source}` cannot be removed from the URL"
            edits.extend(atom.removal)
            continue
        first, last = group_chars[0], group_chars[-1]
        assert first is not None and last is not None
        start, end = atom.decoded.starts[first], atom.decoded.ends[last]
        whole = len(group_chars) == len(atom.decoded.text)
        if not carried and middle:
            text = _escape(atom, middle)
            if text is None:
                return "the new path cannot be written in this string's quoting"
            edits.append(Edit(start, end, text))
            carried = True
        elif whole and atom.whole_token and atom.removal:
            edits.extend(atom.removal)
        else:
            edits.append(Edit(start, end, ""))
    if middle and not carried:
        point = _insertion_point(gap, chars, prefix, len(old) - suffix)
        if point is None:
            return "there is no literal text in the URL to write the new path into"
        atom, offset = point
        text = _escape(atom, middle)
        if text is None:
            return "the new path cannot be written in this string's quoting"
        edits.append(Edit(offset, offset, text))
    return edits


def _insertion_point(
    gap: list[Atom], chars: list[tuple[int, int | None]], start: int, end: int
) -> tuple[TextAtom, int] | None:
    if start > 0:
        atom_index, char = chars[start - 1]
        atom = gap[atom_index]
        if isinstance(atom, TextAtom) and char is not None:
            return atom, atom.decoded.ends[char]
    if end < len(chars):
        atom_index, char = chars[end]
        atom = gap[atom_index]
        if isinstance(atom, TextAtom) and char is not None:
            return atom, atom.decoded.starts[char]
    for atom in gap:
        if isinstance(atom, TextAtom) and not atom.decoded.text:
            return atom, atom.body_start
    return None
