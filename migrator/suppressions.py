"""Suppression comments, per-file ignores, unused suppressions (TC002), and writing
suppressions for gradual adoption.

A suppression is a line comment of the host language (``#``; ``//`` too in HCL) holding
``tasks2chats: ignore[TC104,TC2]`` (codes or prefixes). It suppresses a finding when it sits
on a line the finding or its statement covers, or on a comment line of its own right above
the statement (for a multi-line command, above its first line). ``tasks2chats:
ignore-file[...]`` suppresses the codes in the whole file. Shell comments inside embedded
scripts (a workflow's ``run:`` block, an HCL heredoc) count too, with the embedded command as
the statement.

Statements come from each language's own parser (tree-sitter for shell, YAML and HCL; the
``ast`` and ``tokenize`` modules for Python), so a ``#`` inside a string or heredoc is never
taken for a comment, and a written suppression never lands inside one.
"""

from __future__ import annotations

import ast
import bisect
import io
import re
import tokenize
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from migrator.model import Applicability, Edit, Finding, Fix, Source, apply_edits
from migrator.settings import Settings

if TYPE_CHECKING:
    from tree_sitter import Node, Parser

    from migrator.frontends import Context, FrontEnd
    from migrator.rules.base import Rule

MARKER = "tasks2chats:"
_MARKER_BYTES = MARKER.encode()
_DIRECTIVE = re.compile(
    r"tasks2chats:[ \t]*(?P<kind>ignore-file|ignore)(?![\w-])(?:\[(?P<codes>[^\]\n]*)\])?"
)
_CODE = re.compile(r"^TC\d{0,3}$")
UNUSED = "TC002"


def matches_code(code: str, prefixes: tuple[str, ...] | list[str]) -> bool:
    return any(code.startswith(prefix) for prefix in prefixes)


@dataclass(frozen=True)
class Comment:
    """A line comment: ``start`` is at its ``#`` or ``//``."""

    start: int
    end: int
    line: int
    own_line: bool


@dataclass(frozen=True)
class Statement:
    """Lines of one statement: a comment on ``first_line``..``last_line`` is on it, an own-line
    comment right above ``first_line`` is above it. ``insert_at`` is the offset of the start of
    ``first_line`` when a comment line may be written there."""

    first_line: int
    last_line: int
    insert_at: int | None


@dataclass
class Directive:
    comment: Comment
    start: int
    end: int
    file_level: bool
    codes: tuple[str, ...]
    codes_start: int
    codes_end: int
    written: str
    used: set[str] = field(default_factory=set)


class _Lines:
    """Code-point offsets of line starts, and conversion of tree-sitter points."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.starts = [0]
        for line in self.lines[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)

    def offset(self, row: int, byte_column: int) -> int:
        if row >= len(self.lines):
            return len(self.text)
        line = self.lines[row]
        prefix = line.encode("utf-8")[:byte_column].decode("utf-8", errors="ignore")
        return self.starts[row] + len(prefix)

    def row_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def indentation(self, row: int) -> str:
        line = self.lines[row]
        return line[: len(line) - len(line.lstrip(" \t"))]


class Layout:
    """Comments and statements of one file, as each language's subclass reads them."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.lines = _Lines(source.text)
        self.comments: list[Comment] = []
        self._comment_lines: set[int] | None = None

    def chain(self, offset: int) -> list[Statement]:
        """Statements around ``offset``, innermost first, up to the first where a comment
        line may be written."""
        return []

    def _own_line(self, start: int) -> bool:
        row = self.lines.row_of(start)
        return not self.source.text[self.lines.starts[row] : start].strip()

    def comment_only_lines(self) -> set[int]:
        if self._comment_lines is None:
            self._comment_lines = {c.line for c in self.comments if c.own_line}
        return self._comment_lines

    def file_top(self) -> int:
        """Where a file-level suppression goes: after a shebang line."""
        if self.source.text.startswith("#!"):
            return self.lines.starts[1] if len(self.lines.starts) > 1 else len(self.source.text)
        return 0


class _PlainLayout(Layout):
    """Own-line ``#`` comments only: for files no parser reads."""

    def __init__(self, source: Source) -> None:
        super().__init__(source)
        for row, line in enumerate(self.lines.lines):
            stripped = line.lstrip()
            if stripped.startswith("#") and not stripped.startswith("#!"):
                start = self.lines.starts[row] + len(line) - len(stripped)
                self.comments.append(
                    Comment(start, self.lines.starts[row] + len(line), row + 1, True)
                )


class _PythonLayout(Layout):
    def __init__(self, source: Source) -> None:
        super().__init__(source)
        self._clean_rows: set[int] = set()
        self._statements: list[tuple[tuple[int, int], tuple[int, int], int, int]] = []
        try:
            tokens = list(tokenize.generate_tokens(io.StringIO(source.text).readline))
        except (tokenize.TokenError, SyntaxError):
            self.comments = _PlainLayout(source).comments
            return
        for token in tokens:
            if token.type == tokenize.COMMENT:
                row, column = token.start
                start = self.lines.starts[row - 1] + column
                self.comments.append(
                    Comment(start, start + len(token.string), row, self._own_line(start))
                )
            elif token.type in (tokenize.NEWLINE, tokenize.NL):
                self._clean_rows.add(token.start[0])
        try:
            tree = ast.parse(source.text)
        except (SyntaxError, ValueError):
            return
        comment_lines = self.comment_only_lines()
        for node in ast.walk(tree):
            if not isinstance(node, ast.stmt) or node.end_lineno is None:
                continue
            first = min([node.lineno, *(d.lineno for d in _decorators(node))])
            body = getattr(node, "body", None) or getattr(node, "cases", None)
            last = node.end_lineno
            if isinstance(body, list) and body and hasattr(body[0], "lineno"):
                last = max(node.lineno, body[0].lineno - 1)
                while last > node.lineno and last in comment_lines:
                    last -= 1
            start = (node.lineno, node.col_offset)
            end = (node.end_lineno, node.end_col_offset or 0)
            self._statements.append((start, end, first, last))

    def chain(self, offset: int) -> list[Statement]:
        line, column = self.source.line_col(offset)
        text = self.source.line_text(line)
        point = (line, len(text[: column - 1].encode("utf-8")))
        around = [s for s in self._statements if s[0] <= point < s[1] or s[0] == point]
        around.sort(key=lambda s: (s[0], (-s[1][0], -s[1][1])), reverse=True)
        out = []
        for _start, _end, first, last in around:
            safe = first == 1 or (first - 1) in self._clean_rows
            insert_at = self.lines.starts[first - 1] if safe else None
            out.append(Statement(first, last, insert_at))
            if safe:
                break
        return out

    def file_top(self) -> int:
        row = 0
        while row < min(2, len(self.lines.lines) - 1) and re.match(
            r"^#!|^[ \t\f]*#.*coding[:=]", self.lines.lines[row]
        ):
            row += 1
        return self.lines.starts[row]


def _decorators(node: ast.stmt) -> list[ast.expr]:
    return list(getattr(node, "decorator_list", []) or [])


@dataclass(frozen=True)
class _Grammar:
    """How one tree-sitter grammar spells comments and statements."""

    module: str
    comment_prefixes: tuple[str, ...]
    is_statement: Callable[[Node], bool]
    last_row: Callable[[Node], int]
    # Node types between whose children a comment line may stand.
    comment_lines_allowed: frozenset[str]
    embedded_shell: Callable[[Node], bool] = lambda node: False
    # Enclosing statements a comment may also stand above (a workflow step, an HCL block).
    outer: frozenset[str] = frozenset()
    # Whether a line ending in a backslash continues onto the next (shell).
    backslash_continues: bool = False


@cache
def _parser(module: str) -> Parser:
    import importlib

    from tree_sitter import Language, Parser

    grammar = importlib.import_module(module)
    return Parser(Language(grammar.language()))


_BASH_LISTS = frozenset(
    {
        "program",
        "compound_statement",
        "do_group",
        "if_statement",
        "elif_clause",
        "else_clause",
        "subshell",
        "case_item",
        "while_statement",
        "command_substitution",
        "process_substitution",
    }
)
_BASH_COMPOUND = frozenset(
    {
        "if_statement",
        "while_statement",
        "for_statement",
        "c_style_for_statement",
        "case_statement",
        "function_definition",
        "compound_statement",
        "subshell",
    }
)


def _bash_statement(node: Node) -> bool:
    parent = node.parent
    return (
        node.is_named
        and node.type != "comment"
        and parent is not None
        and parent.type in _BASH_LISTS
    )


def _bash_last_row(node: Node) -> int:
    return node.start_point[0] if node.type in _BASH_COMPOUND else node.end_point[0]


def _yaml_statement(node: Node) -> bool:
    return node.type in ("block_mapping_pair", "block_sequence_item")


def _yaml_last_row(node: Node) -> int:
    if node.type == "block_sequence_item":
        return node.start_point[0]
    value = node.child_by_field_name("value")
    if value is not None and value.type == "block_node":
        return node.start_point[0]
    return node.end_point[0]


def _yaml_run_block(node: Node) -> bool:
    if node.type != "block_scalar":
        return False
    pair = node.parent.parent if node.parent is not None else None
    if pair is None or pair.type != "block_mapping_pair":
        return False
    key = pair.child_by_field_name("key")
    return key is not None and key.text is not None and key.text.strip() == b"run"


def _hcl_statement(node: Node) -> bool:
    return node.type in ("attribute", "block", "object_elem")


def _hcl_last_row(node: Node) -> int:
    if node.type == "block":
        for child in node.children:
            if child.type == "block_start":
                return child.start_point[0]
        return node.start_point[0]
    if any(n.type == "heredoc_template" for n in _descendants(node, depth=3)):
        return node.start_point[0]
    return node.end_point[0]


def _hcl_heredoc(node: Node) -> bool:
    return node.type == "heredoc_template"


def _descendants(node: Node, depth: int) -> Iterator[Node]:
    for child in node.children:
        yield child
        if depth > 1:
            yield from _descendants(child, depth - 1)


_GRAMMARS = {
    "shell": _Grammar(
        "tree_sitter_bash",
        ("#",),
        _bash_statement,
        _bash_last_row,
        (_BASH_LISTS | _BASH_COMPOUND | {"case_statement", "list", "pipeline"})
        - {"command_substitution", "process_substitution"},
        backslash_continues=True,
    ),
    "workflow": _Grammar(
        "tree_sitter_yaml",
        ("#",),
        _yaml_statement,
        _yaml_last_row,
        frozenset(
            {
                "stream",
                "document",
                "block_node",
                "block_mapping",
                "block_mapping_pair",
                "block_sequence",
                "block_sequence_item",
            }
        ),
        _yaml_run_block,
        frozenset({"block_sequence_item"}),
    ),
    "terraform": _Grammar(
        "tree_sitter_hcl",
        ("#", "//"),
        _hcl_statement,
        _hcl_last_row,
        frozenset(
            {
                "config_file",
                "body",
                "block",
                "attribute",
                "expression",
                "collection_value",
                "object",
                "object_elem",
                "tuple",
                "function_call",
                "function_arguments",
            }
        ),
        _hcl_heredoc,
        frozenset({"block"}),
    ),
}


@dataclass
class _Region:
    """Embedded shell: host rows ``first_row``..``last_row`` with ``indent`` code points of
    host indentation stripped from each line."""

    first_row: int
    last_row: int
    indent: int
    layout: _TreeLayout


class _TreeLayout(Layout):
    def __init__(self, source: Source, grammar: _Grammar) -> None:
        super().__init__(source)
        self.grammar = grammar
        self.tree = _parser(grammar.module).parse(source.text.encode("utf-8"))
        # (start, end, depth, first_row, last_row, type) of every statement node.
        self._statements: list[tuple[int, int, int, int, int, str]] = []
        self._regions: list[_Region] = []
        self._walk(self.tree.root_node, 0)

    def _walk(self, node: Node, depth: int) -> None:
        stack = [(node, depth)]
        while stack:
            current, level = stack.pop()
            if current.type == "comment":
                self._add_comment(current)
                continue
            if self.grammar.is_statement(current):
                start = self._offset(current.start_point)
                end = self._offset(current.end_point)
                last = self.grammar.last_row(current)
                row = current.start_point[0]
                self._statements.append((start, end, level, row, last, current.type))
            if self.grammar.embedded_shell(current):
                self._add_region(current)
                continue
            stack.extend((child, level + 1) for child in current.children)

    def _offset(self, point: tuple[int, int]) -> int:
        return self.lines.offset(point[0], point[1])

    def _add_comment(self, node: Node) -> None:
        start = self._offset(node.start_point)
        end = self._offset(node.end_point)
        text = self.source.text[start:end]
        if not text.startswith(self.grammar.comment_prefixes):
            return
        self.comments.append(Comment(start, end, node.start_point[0] + 1, self._own_line(start)))

    def _add_region(self, node: Node) -> None:
        first_row = node.start_point[0] + 1
        last_row = node.end_point[0]
        if node.end_point[1] == 0 or not self.lines.lines[last_row][: node.end_point[1]].strip():
            last_row -= 1
        if self.source.language == "terraform":
            last_row = node.end_point[0] - 1  # the closing identifier's line
        if last_row < first_row:
            return
        rows = range(first_row, last_row + 1)
        body = [self.lines.lines[row] for row in rows]
        indents = [len(line) - len(line.lstrip(" \t")) for line in body if line.strip()]
        indent = min(indents, default=0)
        text = "\n".join(line[indent:] for line in body) + "\n"
        inner = _TreeLayout(Source(self.source.path, text, language="shell"), _GRAMMARS["shell"])
        region = _Region(first_row, last_row, indent, inner)
        self._regions.append(region)
        for comment in inner.comments:
            row = inner.lines.row_of(comment.start)
            host_row = first_row + row
            shift = self.lines.starts[host_row] + indent - inner.lines.starts[row]
            self.comments.append(
                Comment(comment.start + shift, comment.end + shift, host_row + 1, comment.own_line)
            )

    def _insertable(self, row: int) -> bool:
        """Whether a comment line may be written at the start of ``row``."""
        if self.grammar.backslash_continues and row > 0:
            previous = self.lines.lines[row - 1]
            trailing = len(previous) - len(previous.rstrip("\\"))
            if trailing % 2 == 1 and not any(c.line == row for c in self.comments):
                return False
        point = (row, 0)
        node = self.tree.root_node
        while True:
            inside = None
            for child in node.children:
                if child.start_point < point < child.end_point:
                    inside = child
                    break
            if inside is None:
                return True
            if inside.type not in self.grammar.comment_lines_allowed:
                return False
            node = inside

    def chain(self, offset: int) -> list[Statement]:
        out = self._embedded_chain(offset)
        around = [s for s in self._statements if s[0] <= offset < s[1] or s[0] == offset == s[1]]
        around.sort(key=lambda s: s[2], reverse=True)
        anchored = False
        for _start, _end, _depth, first_row, last_row, kind in around:
            if anchored:
                if kind in self.grammar.outer:
                    out.append(Statement(first_row + 1, last_row + 1, None))
                    break
                continue
            anchored = self._insertable(first_row)
            insert_at = self.lines.starts[first_row] if anchored else None
            out.append(Statement(first_row + 1, last_row + 1, insert_at))
            if anchored and kind in self.grammar.outer:
                break
        return out

    def _embedded_chain(self, offset: int) -> list[Statement]:
        row = self.lines.row_of(offset)
        for region in self._regions:
            if not region.first_row <= row <= region.last_row:
                continue
            inner_row = row - region.first_row
            column = max(0, offset - self.lines.starts[row] - region.indent)
            inner_offset = region.layout.lines.starts[inner_row] + column
            return [
                Statement(s.first_line + region.first_row, s.last_line + region.first_row, None)
                for s in region.layout.chain(inner_offset)
            ]
        return []


def layout_for(source: Source) -> Layout:
    if source.language == "python":
        return _PythonLayout(source)
    grammar = _GRAMMARS.get(source.language)
    if grammar is None:
        return _PlainLayout(source)
    return _TreeLayout(source, grammar)


def directives(source: Source, layout: Layout) -> list[Directive]:
    out = []
    for comment in sorted(layout.comments, key=lambda c: c.start):
        text = source.text[comment.start : comment.end]
        for match in _DIRECTIVE.finditer(text):
            raw = match.group("codes")
            codes = tuple(c.strip().upper() for c in (raw or "").split(",") if c.strip())
            codes_start = comment.start + (match.start("codes") if raw is not None else 0)
            codes_end = comment.start + (match.end("codes") if raw is not None else 0)
            out.append(
                Directive(
                    comment,
                    comment.start + match.start(),
                    comment.start + match.end(),
                    match.group("kind") == "ignore-file",
                    codes,
                    codes_start,
                    codes_end,
                    match.group(0),
                )
            )
    return out


def _lines_above(line: int, comment_lines: set[int]) -> Iterator[int]:
    line -= 1
    while line in comment_lines:
        yield line
        line -= 1


def _suppressors(
    finding: Finding, found: list[Directive], layout: Layout
) -> list[tuple[Directive, str]]:
    hits = []
    chain: list[Statement] | None = None
    for directive in found:
        codes = [c for c in directive.codes if finding.code.startswith(c)]
        if not codes:
            continue
        if not directive.file_level:
            if chain is None:
                chain = layout.chain(finding.start)
            if not _covers(directive, finding, chain, layout):
                continue
        hits.extend((directive, code) for code in codes)
    return hits


def _covers(
    directive: Directive, finding: Finding, chain: list[Statement], layout: Layout
) -> bool:
    line = directive.comment.line
    first = min(finding.line, chain[0].first_line) if chain else finding.line
    last = max(finding.end_line, chain[0].last_line) if chain else finding.end_line
    if first <= line <= last:
        return True
    if not directive.comment.own_line:
        return False
    comment_lines = layout.comment_only_lines()
    heads = {finding.line, *(statement.first_line for statement in chain)}
    return any(line in _lines_above(head, comment_lines) for head in heads)


def filter_findings(
    source: Source,
    findings: list[Finding],
    settings: Settings,
    ignored: tuple[str, ...] = (),
    analysed: str = "full",
) -> list[Finding]:
    """``findings`` less the unselected, the per-file-ignored and the suppressed ones, plus
    TC002 for suppressions that suppress nothing.

    ``analysed`` says how far the file was read: ``full``; ``prefilter`` (the prefilter
    proved that no rule with literals can fire); ``none`` (parse error: nothing is judged).
    """
    kept = [
        f for f in findings if settings.is_selected(f.code) and not matches_code(f.code, ignored)
    ]
    if MARKER not in source.text:
        return kept
    layout = layout_for(source)
    found = directives(source, layout)
    if not found:
        return kept
    out = []
    held: set[int] = set()
    for finding in kept:
        source.locate(finding)
        hits = _suppressors(finding, found, layout)
        for directive, code in hits:
            directive.used.add(code)
        if not hits:
            out.append(finding)
        elif finding.fix is not None:
            held.add(id(finding.fix))
    for finding in out:
        if finding.fix is not None and id(finding.fix) in held:
            # One purpose, one fix: the part under a suppression keeps the rest unfixed too.
            finding.fix = None
            finding.message += "; not fixed, since a suppression covers part of its fix"
    if analysed == "none" or not settings.is_selected(UNUSED) or matches_code(UNUSED, ignored):
        return out
    file_codes = [c for d in found if d.file_level for c in d.codes]
    if matches_code(UNUSED, file_codes):
        return out
    judge = _Judge(source.language, settings, ignored, analysed == "full")
    for directive in found:
        finding = _unused(source, layout, found, directive, judge)
        if finding is not None:
            out.append(source.locate(finding))
    return out


class _Judge:
    """Which codes of a suppression this run can call unused."""

    def __init__(
        self, language: str, settings: Settings, ignored: tuple[str, ...], complete: bool
    ) -> None:
        from migrator.rules.base import all_rules

        self.rules = all_rules()
        self.language = language
        self.settings = settings
        self.ignored = ignored
        self.complete = complete

    def judged(self, prefix: str) -> bool:
        rules = [rule for code, rule in self.rules.items() if code.startswith(prefix)]
        if not rules or not _CODE.match(prefix):
            return True
        return any(
            rule.code != UNUSED
            and self.settings.is_selected(rule.code)
            and not matches_code(rule.code, self.ignored)
            and (self.complete or bool(rule.literals) or not self._reads(rule))
            for rule in rules
        )

    def _reads(self, rule: Rule) -> bool:
        return not rule.languages or self.language in rule.languages

    def known(self, prefix: str) -> bool:
        return bool(_CODE.match(prefix)) and any(code.startswith(prefix) for code in self.rules)


def _unused(
    source: Source, layout: Layout, found: list[Directive], directive: Directive, judge: _Judge
) -> Finding | None:
    unused = [c for c in directive.codes if c not in directive.used and judge.judged(c)]
    if directive.codes and not unused:
        return None
    scope = "in this file" if directive.file_level else "on this statement"
    whole = not directive.codes or len(unused) == len(directive.codes)
    if not directive.codes:
        message = (
            f"`{MARKER} {'ignore-file' if directive.file_level else 'ignore'}` names no rule "
            "code, so it suppresses nothing; name the codes, like `ignore[TC104]`"
        )
    elif whole:
        reasons = [
            f"`{c}` is no rule code" if not judge.known(c) else f"no {c} finding {scope}"
            for c in unused
        ]
        message = f"`{directive.written}` suppresses nothing: {'; '.join(reasons)}"
    else:
        listed = ", ".join(f"`{c}`" for c in unused)
        message = f"{listed} in `{directive.written}` suppress{'es' if len(unused) == 1 else ''} "
        message += f"nothing {scope}"
    if whole:
        edits = _removal(source, layout, found, directive)
        title = "Remove the unused suppression"
    else:
        kept = [c for c in directive.codes if c not in unused]
        written = source.text[directive.codes_start : directive.codes_end]
        separator = ", " if ", " in written else ","
        edits = (Edit(directive.codes_start, directive.codes_end, separator.join(kept)),)
        title = "Remove the unused codes from the suppression"
    fix = Fix(Applicability.SAFE, edits, title)
    return Finding(UNUSED, message, source.path, directive.start, directive.end, fix)


def _removal(
    source: Source, layout: Layout, found: list[Directive], directive: Directive
) -> tuple[Edit, ...]:
    text = source.text
    comment = directive.comment
    body = text[comment.start : comment.end].lstrip("#/").lstrip()
    body_start = comment.end - len(body)
    others = [d for d in found if d.comment == comment and d is not directive]
    if directive.start == body_start and not others and body:
        if comment.own_line:
            row = layout.lines.row_of(comment.start)
            start = layout.lines.starts[row]
            end = comment.end
            if end < len(text) and text[end] == "\n":
                end += 1
            elif start > 0:
                start -= 1
            return (Edit(start, end, ""),)
        start = comment.start
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        return (Edit(start, comment.end, ""),)
    start = directive.start
    while start > comment.start and text[start - 1] in " \t":
        start -= 1
    # After another tool's comment (`# noqa: F401  # <directive>`), the inner `#` goes too.
    for marker in ("#", "//"):
        if start - len(marker) > comment.start and text[start - len(marker) : start] == marker:
            start -= len(marker)
            while start > comment.start and text[start - 1] in " \t":
                start -= 1
            break
    return (Edit(start, directive.end, ""),)


class SuppressingFrontEnd:
    """A front-end whose findings pass through selection, per-file ignores and suppressions,
    so the fixer never applies a fix the user suppressed."""

    def __init__(self, inner: FrontEnd, ignored: tuple[str, ...] = ()) -> None:
        self.inner = inner
        self.language = inner.language
        self.ignored = ignored

    def analyse(self, source: Source, context: Context) -> list[Finding]:
        findings = [source.locate(f) for f in self.inner.analyse(source, context)]
        return filter_findings(source, findings, context.settings, self.ignored)

    def validate(self, before: Source, after: str, context: Context) -> str | None:
        return self.inner.validate(before, after, context)


def mentions_suppression(raw: bytes) -> bool:
    return _MARKER_BYTES in raw


@dataclass
class Added:
    text: str
    added: int
    unplaced: list[Finding]


def add_suppressions(source: Source, findings: list[Finding]) -> Added:
    """``source.text`` with a suppression above the statement of every finding.

    A finding whose statement has no line where a comment may stand (every enclosing line
    starts inside a string or heredoc) is left unplaced. Files that cannot be parsed get a
    file-level suppression of TC001 at the top.
    """
    layout = layout_for(source)
    existing = directives(source, layout)
    by_offset: dict[int, set[str]] = {}
    unplaced = []
    for finding in findings:
        chain = layout.chain(finding.start)
        offsets = [s.insert_at for s in chain if s.insert_at is not None]
        if offsets:
            by_offset.setdefault(offsets[-1], set()).add(finding.code)
        elif finding.code == "TC001":
            by_offset.setdefault(-1, set()).add(finding.code)
        else:
            unplaced.append(finding)
    edits = []
    for offset, codes in sorted(by_offset.items()):
        if offset == -1:
            top = layout.file_top()
            edits.append(Edit(top, top, f"# {MARKER} ignore-file[{', '.join(sorted(codes))}]\n"))
            continue
        row = layout.lines.row_of(offset)
        above = _own_directive_on(existing, row)  # row is 0-based: the line above is `row`
        if above is not None:
            merged = sorted(set(above.codes) | codes)
            edits.append(Edit(above.codes_start, above.codes_end, ", ".join(merged)))
            continue
        indent = layout.lines.indentation(row)
        edits.append(
            Edit(offset, offset, f"{indent}# {MARKER} ignore[{', '.join(sorted(codes))}]\n")
        )
    added = sum(len(codes) for codes in by_offset.values())
    return Added(apply_edits(source.text, edits), added, unplaced)


def _own_directive_on(found: list[Directive], line: int) -> Directive | None:
    for directive in found:
        comment = directive.comment
        if comment.line == line and comment.own_line and not directive.file_level:
            if directive.codes:
                return directive
    return None
