"""The curl model of the shell front-end: one invocation's words, and the renderer that
writes a ``CallRewrite`` back into them in their own quoting."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tree_sitter import Node

from migrator.callmodel import (
    CallRewrite,
    EnvRef,
    Hole,
    HttpCall,
    JValue,
    Lit,
    Piece,
    json_lines,
    parse_json_with_holes,
)
from migrator.frontends.shell_words import (
    BARE,
    DQ,
    HEREDOC,
    SQ,
    escape_for,
    heredoc_pieces,
    hole_source,
    literal_text,
    render_dq_word,
)
from migrator.model import Edit

if TYPE_CHECKING:
    from migrator.frontends.shell import Script


@dataclass
class Arg:
    node: Node
    pieces: list[Piece]
    at_site: bool = True  # False: the word sits in a wrapper function's body
    last: Node | None = None  # set when the parser split one shell word into several nodes

    @property
    def end_node(self) -> Node:
        return self.last if self.last is not None else self.node

    def literal(self) -> str | None:
        return literal_text(self.pieces)


@dataclass
class CurlCall:
    """What the renderer needs to know about one curl invocation."""

    command: Node  # the command at the call site (curl itself or the wrapper call)
    args: list[Arg]
    name_node: Node | None = None  # the word `curl` (or the wrapper's name) itself
    get_flag: bool = False  # -G: the data is the query string
    urlencoded: bool = False
    url_arg: Arg | None = None
    url_pieces: list[Piece] = field(default_factory=list)
    url_from_var: str | None = None
    method_arg: Arg | None = None  # the option word (-X, --request, -XPOST)
    method_value: Arg | None = None
    method_inline: bool = False  # -XPOST / --request=POST
    data_args: list[tuple[Arg, Arg | None]] = field(default_factory=list)  # option, value
    body_node: Node | None = None  # the word or heredoc body holding the JSON
    body_pieces: list[Piece] | None = None
    body_style: str = SQ
    headers: list[str] = field(default_factory=list)
    json_flag: bool = False
    write_out_status: bool = False
    wrapper: str | None = None
    wrapper_text: str = ""


class ShellRenderer:
    """Writes a ``CallRewrite`` back into one curl invocation."""

    def __init__(self, script: Script, curl: CurlCall) -> None:
        self.script = script
        self.curl = curl

    def _site(self, arg: Arg | None) -> bool:
        return arg is not None and arg.at_site

    def render(self, call: HttpCall, rewrite: CallRewrite) -> list[Edit] | str:
        edits: list[Edit] = []
        if self.curl.get_flag and self.curl.data_args:
            # -G -d 'q=owner:me': the query is in the data words.
            if any(isinstance(p, Lit) and "?" in p.text for p in rewrite.url):
                return "the query is passed with -G and must keep some parameters"
            for option, value in self.curl.data_args:
                if not option.at_site or (value is not None and not value.at_site):
                    return "the query is written inside the wrapper function"
                end_node = value.end_node if value is not None else option.node
                start = self._start_with_space(option.node)
                edits.append(Edit(start, self.script.text.span(end_node)[1], ""))
            url_edits = self._url_edits(self.curl.url_pieces, rewrite.url)
            if isinstance(url_edits, str):
                return url_edits
            return edits + url_edits
        url_edits = self._url_edits(call.url, rewrite.url)
        if isinstance(url_edits, str):
            return url_edits
        edits.extend(url_edits)

        method_edits = self._method_edits(rewrite)
        if isinstance(method_edits, str):
            return method_edits
        edits.extend(method_edits)

        body_edits = self._body_edits(rewrite)
        if isinstance(body_edits, str):
            return body_edits
        edits.extend(body_edits)
        return _merge_insertions(edits)

    # -- URL --

    def _url_edits(self, old: list[Piece], new: list[Piece | EnvRef]) -> list[Edit] | str:
        anchors = [p for p in new if isinstance(p, Hole)]
        positions = []
        search_from = 0
        for anchor in anchors:
            found = None
            for index in range(search_from, len(old)):
                if old[index] is anchor or old[index] == anchor:
                    found = index
                    break
            if found is None:
                return "the URL is built in a way the tool cannot rewrite"
            positions.append(found)
            search_from = found + 1
        old_regions: list[list[Piece]] = []
        previous = 0
        for position in positions:
            old_regions.append(old[previous:position])
            previous = position + 1
        old_regions.append(old[previous:])
        new_regions: list[list[Piece | EnvRef]] = [[]]
        for piece in new:
            if isinstance(piece, Hole):
                new_regions.append([])
            else:
                new_regions[-1].append(piece)

        edits: list[Edit] = []
        for index, (old_region, new_region) in enumerate(
            zip(old_regions, new_regions, strict=True)
        ):
            new_text = "".join(p.text if isinstance(p, Lit) else "\0" for p in new_region)
            old_text = "".join(p.text for p in old_region if isinstance(p, Lit))
            if new_text == old_text and all(isinstance(p, Lit) for p in old_region):
                continue
            edit = self._region_edit(old_region, new_region, old, positions, index)
            if edit is None:
                return self._whole_word(old, new) or "the URL's quoting is too intricate"
            edits.append(edit)
        return edits

    def _region_edit(
        self,
        region: list[Piece],
        new_region: list[Piece | EnvRef],
        old: list[Piece],
        positions: list[int],
        index: int,
    ) -> Edit | None:
        new_text = "".join(p.text if isinstance(p, Lit) else "$" for p in new_region)
        if not region:
            # Text goes between two holes (or at an end): write it in the neighbour's context.
            neighbour = old[positions[index - 1]] if index > 0 else None
            if neighbour is None or neighbour.span is None:
                return None
            escaped = _render_region(new_region, neighbour.context)
            if escaped is None or _continues_name(neighbour, new_text):
                return None
            return Edit(neighbour.span[1], neighbour.span[1], escaped)
        contexts = {p.context for p in region}
        if len(contexts) != 1 or any(p.span is None for p in region):
            return None
        for before, after in zip(region, region[1:], strict=False):
            assert before.span is not None and after.span is not None
            if before.span[1] != after.span[0]:
                return None
        context = contexts.pop()
        first_span, last_span = region[0].span, region[-1].span
        assert first_span is not None and last_span is not None
        if not self._owned(first_span[0]):
            return None
        escaped = _render_region(new_region, context)
        if escaped is None:
            return None
        preceding = old[positions[index - 1]] if index > 0 else None
        if preceding is not None and _continues_name(preceding, new_text):
            return None
        return Edit(first_span[0], last_span[1], escaped)

    def _owned(self, offset: int) -> bool:
        """Edits go to the call site (or the URL variable's assignment), never a wrapper."""
        if self.curl.wrapper is None:
            return True
        start, end = self.script.text.span(self.curl.command)
        if self.curl.url_from_var:
            return True
        return start <= offset <= end

    def _whole_word(self, old: list[Piece], new: list[Piece | EnvRef]) -> list[Edit] | None:
        arg = self.curl.url_arg
        if arg is None or not arg.at_site or self.curl.url_from_var:
            return None
        if any(isinstance(p, Hole) and p.context not in (DQ, BARE) for p in old):
            return None
        start = self.script.text.span(arg.node)[0]
        end = self.script.text.span(arg.end_node)[1]
        return [Edit(start, end, render_dq_word(new))]

    # -- method --

    def _method_edits(self, rewrite: CallRewrite) -> list[Edit] | str:
        curl = self.curl
        current = self.script.method_of(curl)
        has_data_after = (bool(curl.data_args) and not rewrite.drop_body) or (
            rewrite.set_body and rewrite.body is not None
        )
        implied = "POST" if has_data_after else "GET"
        if curl.method_value is not None:
            if current == rewrite.method:
                return []
            if not self._site(curl.method_value):
                return "the method is fixed inside the wrapper function"
            if curl.method_inline:
                option = curl.method_arg
                assert option is not None
                start, end = self.script.text.span(option.node)
                raw = self.script.text.text[start:end]
                value = curl.method_value.literal() or ""
                if raw.endswith(value):
                    return [Edit(end - len(value), end, rewrite.method)]
                return "the method is written in a way the tool cannot rewrite"
            start, end = self.script.text.span(curl.method_value.node)
            if curl.method_value.literal() is None:
                return "the method comes from a variable"
            return [Edit(start, end, rewrite.method)]
        if implied == rewrite.method:
            return []
        name = self.curl.name_node or self.curl.command.child_by_field_name("name")
        assert name is not None
        position = self.script.text.span(name)[1]
        return [Edit(position, position, f" -X {rewrite.method}")]

    # -- body --

    def _body_edits(self, rewrite: CallRewrite) -> list[Edit] | str:
        curl = self.curl
        text = self.script.text
        edits: list[Edit] = []
        if rewrite.drop_body:
            for option, value in curl.data_args:
                if not option.at_site or (value is not None and not value.at_site):
                    return "the body is written inside the wrapper function"
                end_node = value.node if value is not None else option.node
                start = self._start_with_space(option.node)
                edits.append(Edit(start, text.span(end_node)[1], ""))
            return edits
        if not rewrite.set_body:
            return edits
        assert rewrite.body is not None
        has_json_type = curl.json_flag or any(
            re.match(r"(?i)\s*content-type\s*:\s*application/json", h) for h in curl.headers
        )
        if not has_json_type and any(
            re.match(r"(?i)\s*content-type\s*:", h) for h in curl.headers
        ):
            return "the call sets a Content-Type other than JSON; the Chats body is JSON"
        if curl.data_args:
            option, value = curl.data_args[0]
            if len(curl.data_args) > 1 or curl.body_node is None:
                return "the body is not one JSON argument"
            rendered = self._render_body(rewrite.body, curl.body_style, curl.body_node)
            if isinstance(rendered, str) and rendered.startswith("\0"):
                return rendered[1:]
            start, end = text.span(curl.body_node)
            if curl.body_style == HEREDOC:
                body_text = text.text[start:end]
                trailing = body_text[len(body_text.rstrip()) :]
                edits.append(Edit(start, end, rendered + trailing))
            else:
                edits.append(Edit(start, end, rendered))
            if rewrite.json_content_type and not has_json_type:
                position = text.span(option.node)[0]
                if not option.at_site:
                    return "the body is written inside the wrapper function"
                edits.append(Edit(position, position, "-H 'Content-Type: application/json' "))
            return edits
        # No body before: append one after the call site's last argument.
        rendered = self._render_body(rewrite.body, SQ, None)
        if rendered.startswith("\0"):
            return rendered[1:]
        site_args = self.script.arguments(curl.command)
        anchor = site_args[-1] if site_args else curl.command.child_by_field_name("name")
        assert anchor is not None
        position = text.span(anchor)[1]
        header = "" if has_json_type else " -H 'Content-Type: application/json'"
        edits.append(Edit(position, position, f"{header} -d {rendered}"))
        return edits

    def _start_with_space(self, node: Node) -> int:
        text = self.script.text
        start = text.span(node)[0]
        previous = node.prev_sibling
        if previous is not None:
            return text.span(previous)[1]
        while start > 0 and text.text[start - 1] in " \t":
            start -= 1
        return start

    def _render_body(self, value: JValue, style: str, node: Node | None) -> str:
        holes: list[Hole | EnvRef] = []

        def hole(piece: Hole | EnvRef, _in_string: bool) -> str:
            holes.append(piece)
            return f"\ue010{len(holes) - 1}\ue011"

        indent = None
        base_indent = ""
        leading = ""
        if node is not None:
            original = self.script.text.of(node)
            body = original.strip()
            leading = original[: len(original) - len(original.lstrip())]
            if "\n" in body:
                lines = body.split("\n")
                key_line = next((ln for ln in lines[1:] if ln.strip()), "")
                base_indent = _indent_of(lines[-1])
                key_indent = _indent_of(key_line)
                unit = key_indent[len(base_indent) :] if key_indent.startswith(base_indent) else ""
                indent = unit or "  "
        json_text = json_lines(value, hole, indent)
        if indent is not None:
            json_text = json_text.replace("\n", "\n" + base_indent)
        if style == HEREDOC:
            json_text = leading + json_text

        def splice(pattern: str, rendered: str) -> str:
            def replace(match: re.Match[str]) -> str:
                piece = holes[int(match.group(1))]
                return pattern.format(hole_source(piece))

            return re.sub("\ue010(\\d+)\ue011", replace, rendered)

        if style == SQ:
            escaped = json_text.replace("'", "'\\''")
            return splice("'\"{}\"'", "'" + escaped + "'")
        if style == DQ:
            escaped = escape_for(DQ, json_text)
            assert escaped is not None
            return splice("{}", '"' + escaped + '"')
        if style == HEREDOC:
            if self.curl.body_pieces is not None and any(
                p.context == "heredoc-quoted" for p in self.curl.body_pieces if isinstance(p, Lit)
            ):
                if holes:
                    return "\0the heredoc is quoted, so it cannot expand a variable"
                return json_text
            escaped = escape_for(HEREDOC, json_text)
            assert escaped is not None
            return splice("{}", escaped)
        return "\0the body's quoting is not understood"


def _continues_name(hole: Piece, text: str) -> bool:
    """``$ID`` followed by text that continues a name would read another variable."""
    return bool(re.fullmatch(r"\$\w+", getattr(hole, "source", ""))) and bool(
        re.match(r"[A-Za-z0-9_]", text)
    )


def _render_region(pieces: list[Piece | EnvRef], context: str) -> str | None:
    """Literal URL text, and environment references, written in one quoting context."""
    out = []
    for index, piece in enumerate(pieces):
        if isinstance(piece, Lit):
            escaped = escape_for(context, piece.text)
            if escaped is None:
                return None
            out.append(escaped)
            continue
        if not isinstance(piece, EnvRef):
            return None
        following = pieces[index + 1] if index + 1 < len(pieces) else None
        continues_name = isinstance(following, Lit) and re.match(r"\w", following.text)
        reference = "${" + piece.name + "}" if continues_name else "$" + piece.name
        if context == SQ:
            out.append("'\"" + reference + "\"'")
        elif context in (DQ, HEREDOC, BARE):
            out.append(reference if context != BARE else '"' + reference + '"')
        else:
            return None
    return "".join(out)


def _indent_of(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def _merge_insertions(edits: list[Edit]) -> list[Edit]:
    """Two insertions at one position become one edit, in the order they were made."""
    out: list[Edit] = []
    for edit in edits:
        same = next((e for e in out if e.start == e.end == edit.start == edit.end), None)
        if same is not None:
            out.remove(same)
            out.append(Edit(same.start, same.end, same.text + edit.text))
        else:
            out.append(edit)
    return out


def prepare_body(script: Script, curl: CurlCall) -> tuple[JValue, bool, str | None]:
    """The JSON body: (value, has body, why it cannot be read)."""
    if not curl.data_args:
        return None, False, None
    if len(curl.data_args) > 1:
        return None, True, "the body is given in several parts"
    option, value = curl.data_args[0]
    if value is None or curl.urlencoded:
        return None, True, "the body is not JSON text (--data-urlencode, -T)"
    raw = value.literal()
    node = value.node
    pieces = value.pieces
    if raw is not None and raw.startswith("@"):
        if raw not in ("@-", "@/dev/stdin"):
            return None, True, f"the body is read from a file ({raw[1:]})"
        heredoc = _heredoc_of(curl.command)
        if heredoc is None:
            return None, True, "the body is read from standard input"
        body, quoted = heredoc
        node = body
        pieces = heredoc_pieces(script.text, body, quoted)
        if quoted:
            pieces = [Lit(p.text, p.span, "heredoc-quoted") for p in pieces if isinstance(p, Lit)]
        curl.body_style = HEREDOC
    else:
        if len(pieces) == 1 and isinstance(pieces[0], Hole):
            hole = pieces[0]
            if hole.var and hole.resolved is not None:
                return None, True, f"the body is built in ${hole.var}, away from the call"
            return None, True, "the body comes from a variable or a command"
        first = node.children[0] if node.type == "concatenation" and node.children else node
        if first.type == "raw_string":
            curl.body_style = SQ
        elif first.type == "string":
            curl.body_style = DQ
        else:
            return None, True, "the body's quoting is not understood"
    if not value.at_site and curl.body_style != HEREDOC:
        return None, True, "the body is written inside the wrapper function"
    curl.body_node = node
    curl.body_pieces = pieces
    try:
        parsed = parse_json_with_holes(pieces)
    except ValueError:
        return None, True, "the body is not JSON"
    return parsed, True, None


def _heredoc_of(command: Node) -> tuple[Node, bool] | None:
    parent = command.parent
    if parent is None or parent.type != "redirected_statement":
        return None
    for child in parent.children:
        if child.type == "heredoc_redirect":
            start = next((c for c in child.children if c.type == "heredoc_start"), None)
            body = next((c for c in child.children if c.type == "heredoc_body"), None)
            if body is None or start is None:
                return None
            delimiter = (start.text or b"").decode("utf-8", "replace")
            return body, delimiter[:1] in ("'", '"') or "\\" in delimiter
    return None
