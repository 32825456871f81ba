"""The shell front-end: tree-sitter-bash, curl calls, `coder task`, and jq reads.

Also serves hosts that embed shell (workflow ``run:`` steps, HCL heredocs) through
``analyse_script`` and ``validate_script``.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import tree_sitter_bash
from tree_sitter import Language, Node, Parser

from migrator import coderapi
from migrator.callmodel import (
    CallRewrite,
    Hole,
    HttpCall,
    Lit,
    Piece,
    ResponseRead,
)
from migrator.frontends import Context
from migrator.frontends.shell_curl import Arg, CurlCall, ShellRenderer, prepare_body
from migrator.frontends.shell_reads import (
    link_created_ids,
    reads_for,
    status_checks,
    variable_reads,
)
from migrator.frontends.shell_words import (
    BARE,
    Text,
    literal_text,
    word_pieces,
)
from migrator.frontends.treesitter_text import walk
from migrator.model import Edit, Finding, Source
from migrator.rules import http
from migrator.rules.cli_usage import CliUse, check_cli
from migrator.rules.core import UNPARSEABLE

_WORD_TYPES = {
    "word",
    "string",
    "raw_string",
    "concatenation",
    "simple_expansion",
    "expansion",
    "command_substitution",
    "ansi_c_string",
    "number",
    "arithmetic_expansion",
}
_CURL_VALUE_SHORT = set("AbcCdDeEFHKmorTuUwxXyYzQtP")
_CURL_VALUE_LONG = {
    "--data", "--data-raw", "--data-binary", "--data-ascii", "--data-urlencode", "--json",
    "--header", "--request", "--url", "--user", "--output", "--write-out", "--max-time",
    "--connect-timeout", "--retry", "--retry-delay", "--retry-max-time", "--cacert", "--cert",
    "--key", "--user-agent", "--referer", "--cookie", "--cookie-jar", "--form",
    "--form-string", "--proxy", "--resolve", "--connect-to", "--config", "--upload-file",
    "--range", "--limit-rate", "--max-filesize", "--interface", "--dns-servers",
    "--oauth2-bearer", "--unix-socket", "--abstract-unix-socket", "--output-dir", "--trace",
    "--trace-ascii", "--stderr", "--dump-header", "--expect100-timeout", "--keepalive-time",
    "--max-redirs", "--noproxy", "--pinnedpubkey", "--proxy-user", "--quote",
    "--create-file-mode", "--variable", "--url-query", "--aws-sigv4", "--capath", "--ciphers",
    "--netrc-file", "--pass", "--preproxy", "--proxy-header", "--cert-type", "--key-type",
}  # fmt: skip
_DATA_OPTIONS = {"-d", "--data", "--data-raw", "--data-binary", "--data-ascii", "--json"}
_CODER_VAR = re.compile(r"(?i)coder")
_ARRAY_EXPANSION = re.compile(r'"?\$\{\w+\[[@*]\]\}"?')
_METHOD_WORD = re.compile(r"\b(DELETE|PATCH|POST|PUT)\b")
_COMMAND_PREFIXES = {"exec", "command", "time", "timeout", "nice", "nohup", "env", "sudo", "xargs"}
_ALL_ARGUMENTS = re.compile(r'"?\$\{?[@*](?::\d+)?\}?"?')
_GENERIC_NAME_PARTS = {
    "URL", "URI", "BASE", "HOST", "API", "SERVER", "ENDPOINT", "ADDR", "ADDRESS", "ROOT",
    "PREFIX", "HTTP", "HTTPS", "SCHEME", "DOMAIN", "ORIGIN", "REMOTE", "TARGET", "V2", "SITE",
    "DEPLOYMENT", "INSTANCE", "ACCESS", "PATH", "",
}  # fmt: skip
_FILE_EVIDENCE = coderapi.CODER_EVIDENCE
_CODER_COMMAND = re.compile(r"(?m)(?:^|[\s;&|(`])(?:\S*/)?coder\s+[a-z]")


@lru_cache(maxsize=1)
def _parser() -> Parser:
    return Parser(Language(tree_sitter_bash.language()))


def parse(text: str) -> Node:
    return _parser().parse(text.encode("utf-8")).root_node


def error_count(text: str) -> int:
    return sum(1 for n in walk(parse(text)) if n.type == "ERROR" or n.is_missing)


def _join_dollar(pieces: list[Piece]) -> list[Piece]:
    """A bare ``$`` literal followed by a bare name is the expansion ``$NAME``."""
    out: list[Piece] = []
    for piece in pieces:
        previous = out[-1] if out else None
        if (
            isinstance(previous, Lit)
            and previous.context == BARE
            and previous.text.endswith("$")
            and previous.span is not None
            and isinstance(piece, Lit)
            and piece.context == BARE
            and piece.span is not None
            and previous.span[1] == piece.span[0]
        ):
            match = re.match(r"[A-Za-z_]\w*", piece.text)
            if match:
                name = match.group(0)
                out.pop()
                if len(previous.text) > 1:
                    out.append(
                        Lit(previous.text[:-1], (previous.span[0], previous.span[1] - 1), BARE)
                    )
                start = previous.span[1] - 1
                end = piece.span[0] + len(name)
                out.append(Hole("$" + name, (start, end), name, None, BARE))
                if len(piece.text) > len(name):
                    out.append(Lit(piece.text[len(name) :], (end, piece.span[1]), BARE))
                continue
        out.append(piece)
    return out


def _split_placeholder(pieces: list[Piece], placeholder: str, source: str) -> list[Piece]:
    """xargs/find placeholders (``{}``) stand for a value: they are holes, not text."""
    out: list[Piece] = []
    for piece in pieces:
        if (
            not isinstance(piece, Lit)
            or placeholder not in piece.text
            or piece.span is None
            or source[piece.span[0] : piece.span[1]] != piece.text
        ):
            out.append(piece)
            continue
        cursor = 0
        start = piece.span[0]
        for match in re.finditer(re.escape(placeholder), piece.text):
            if match.start() > cursor:
                out.append(
                    Lit(
                        piece.text[cursor : match.start()],
                        (start + cursor, start + match.start()),
                        piece.context,
                    )
                )
            out.append(
                Hole(
                    placeholder,
                    (start + match.start(), start + match.end()),
                    None,
                    None,
                    piece.context,
                )
            )
            cursor = match.end()
        if cursor < len(piece.text):
            out.append(Lit(piece.text[cursor:], (start + cursor, piece.span[1]), piece.context))
    return out


def _flat_text(pieces: list[Piece], depth: int = 0) -> str:
    out = []
    for piece in pieces:
        if isinstance(piece, Lit):
            out.append(piece.text)
        elif piece.resolved is not None and depth < 3:
            out.append(_flat_text(list(piece.resolved), depth + 1))
        else:
            out.append(piece.source)
    return "".join(out)


def _in_broken_statement(node: Node) -> bool:
    """True when a statement around ``node`` holds a parse error (a missing ``fi``)."""
    current: Node | None = node
    while current is not None and current.parent is not None:
        if current.has_error:
            return True
        current = current.parent
    return False


def _error_spans(root: Node, text: Text) -> list[tuple[int, int]]:
    return [text.span(n) for n in walk(root) if n.type == "ERROR" or n.is_missing]


@lru_cache(maxsize=256)
def _bash_n_ok(script: str) -> bool | None:
    try:
        result = subprocess.run(
            ["bash", "-n"], input=script.encode("utf-8"), capture_output=True, timeout=20
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.returncode == 0


def validate_script(before: str, after: str) -> str | None:
    """What ``after`` breaks that ``before`` did not: new parse errors, a new `bash -n`
    failure."""
    if error_count(after) > error_count(before):
        return "the rewritten script has a syntax error the parser did not see before"
    if _bash_n_ok(before) is not False and _bash_n_ok(after) is False:
        return "the rewritten script fails `bash -n`"
    return None


# --- arguments -----------------------------------------------------------------------------------


class Script:
    """One shell script under analysis."""

    def __init__(
        self,
        script: str,
        path: Path,
        context: Context,
        file_has_coder: bool,
        depth: int = 0,
    ) -> None:
        self.text = Text(script)
        self.path = path
        self.context = context
        self.root = parse(script)
        self.errors = _error_spans(self.root, self.text)
        self.assignments: dict[str, list[Node]] = {}
        self.functions: dict[str, Node] = {}
        self.commands: list[Node] = []
        self.tests: list[Node] = []
        self.cases: list[Node] = []
        for node in walk(self.root):
            kind = node.type
            if kind == "variable_assignment":
                name = node.child_by_field_name("name")
                if name is not None:
                    self.assignments.setdefault(self.text.of(name), []).append(node)
            elif kind == "function_definition":
                name = node.child_by_field_name("name")
                if name is not None:
                    self.functions[self.text.of(name)] = node
            elif kind == "command":
                self.commands.append(node)
            elif kind in ("test_command",):
                self.tests.append(node)
            elif kind == "case_statement":
                self.cases.append(node)
        self.file_has_coder = (
            file_has_coder
            or bool(_FILE_EVIDENCE.search(script))
            or bool(_CODER_COMMAND.search(script))
        )
        self._wrappers: dict[str, tuple[Script, Node]] = {
            name: (self, node) for name, node in self._find_wrappers().items()
        }
        if depth < 2:
            for library in self._sourced_libraries(depth):
                for name, node in library._find_wrappers().items():
                    self._wrappers.setdefault(name, (library, node))
                if _FILE_EVIDENCE.search(library.text.text):
                    self.file_has_coder = True

    def _sourced_libraries(self, depth: int) -> Iterator[Script]:
        """Scripts this one sources (``. "$here/lib/api.sh"``), read from disk: their
        wrapper functions are called here."""
        for command in self.commands:
            if self.command_name(command) not in (".", "source"):
                continue
            args = self.arguments(command)
            if not args:
                continue
            pieces = word_pieces(self.text, args[0])
            tail = ""
            for piece in reversed(pieces):
                if isinstance(piece, Hole):
                    break
                tail = piece.text + tail
            tail = tail.lstrip("/")
            if not tail or ".." in Path(tail).parts:
                continue
            candidate = self.path.parent / tail
            library_text = self.context.read_file(candidate)
            if library_text is None:
                continue
            yield Script(library_text, candidate, self.context, False, depth + 1)

    # -- helpers --

    def command_name(self, command: Node) -> str:
        name = command.child_by_field_name("name")
        return self.text.of(name) if name is not None else ""

    def arguments(self, command: Node) -> list[Node]:
        name = command.child_by_field_name("name")
        return [c for c in command.children if c is not name and c.type in _WORD_TYPES]

    def single_assignment(self, name: str) -> Node | None:
        nodes = self.assignments.get(name, [])
        if len(nodes) != 1:
            return None
        return nodes[0].child_by_field_name("value")

    def pieces(self, node: Node) -> list[Piece]:
        return [self._resolve(p) for p in word_pieces(self.text, node)]

    def _resolve(self, piece: Piece, depth: int = 0) -> Piece:
        if not isinstance(piece, Hole) or piece.var is None or depth > 3:
            return piece
        value = self.single_assignment(piece.var)
        if value is None:
            return piece
        if re.search(r"\$\{?" + re.escape(piece.var) + r"\b", self.text.of(value)):
            return piece  # X="${X:-default}": the value is the environment's
        resolved = tuple(self._resolve(p, depth + 1) for p in word_pieces(self.text, value))
        return dataclasses.replace(piece, resolved=resolved)

    def _find_wrappers(self) -> dict[str, Node]:
        """Functions whose body runs curl with the caller's arguments ("$@")."""
        out = {}
        for name, function in self.functions.items():
            curls = [
                c
                for c in walk(function)
                if c.type == "command" and self._is_curl(self.command_name(c))
            ]
            if len(curls) != 1:
                continue
            body = self.text.of(curls[0])
            passes_arguments = re.search(r"\$\{?[@*]", body)
            if passes_arguments or self._positional_is_the_path(curls[0]):
                out[name] = curls[0]
        return out

    def _positional_is_the_path(self, curl: Node) -> bool:
        """`"$CODER_URL$1"` takes the path from the caller: a wrapper. A function that spells
        the Tasks path itself (`.../tasks/me/$1/pause`) is a call site of its own."""
        for node in self.arguments(curl):
            before = []
            for piece in word_pieces(self.text, node):
                if isinstance(piece, Hole) and re.fullmatch(r"\$\{?[1-9]\}?", piece.source):
                    if "tasks" not in "".join(before):
                        return True
                    break
                if isinstance(piece, Lit):
                    before.append(piece.text)
        return False

    @staticmethod
    def _is_curl(name: str) -> bool:
        return name == "curl" or name.endswith("/curl")

    # -- curl --

    def curl_calls(self) -> list[CurlCall]:
        calls = []
        for command in self.commands:
            name = self.command_name(command)
            if self._is_curl(name):
                if any(
                    owner is self
                    and command.start_byte >= w.start_byte
                    and command.end_byte <= w.end_byte
                    for owner, w in self._wrappers.values()
                ):
                    continue  # the wrapper's own curl: analysed at each call site
                args = self.word_args(self.arguments(command))
                calls.append(self._curl(command, args))
            elif name in _COMMAND_PREFIXES:
                call = self._prefixed_curl(command, name)
                if call is not None:
                    calls.append(call)
            elif name in self._wrappers:
                owner, inner = self._wrappers[name]
                args = self._wrapper_args(command, inner, owner)
                if args is None:
                    continue
                call = self._curl(command, args)
                call.wrapper = name
                function = owner.functions.get(name)
                call.wrapper_text = owner.text.of(function) if function is not None else ""
                calls.append(call)
        return calls

    def word_args(self, nodes: list[Node]) -> list[Arg]:
        """Arguments as bash sees words: nodes that touch are one word (the grammar splits
        `$U/tasks/me/$ID/send` after a bare `$`)."""
        out: list[Arg] = []
        for node in nodes:
            pieces = self.pieces(node)
            previous = out[-1] if out else None
            if previous is not None and previous.end_node.end_byte == node.start_byte:
                joined = previous.pieces + pieces
                previous.pieces = _join_dollar(joined)
                previous.last = node
                continue
            out.append(Arg(node, pieces))
        return out

    def _prefixed_curl(self, command: Node, name: str) -> CurlCall | None:
        """``exec curl ...``, ``timeout 30 curl ...``, ``xargs -I{} curl ...``."""
        nodes = self.arguments(command)
        index = next((i for i, n in enumerate(nodes) if self._is_curl(self.text.of(n))), None)
        if index is None:
            return None
        args = self.word_args(nodes[index + 1 :])
        placeholder = None
        if name == "xargs":
            for option in nodes[:index]:
                match = re.fullmatch(r"-(?:I|-replace=?)(\S+)", self.text.of(option))
                if match:
                    placeholder = match.group(1)
            if placeholder is None and any(self.text.of(o) == "-I" for o in nodes[:index]):
                position = [self.text.of(o) for o in nodes[:index]].index("-I")
                if position + 1 < index:
                    placeholder = self.text.of(nodes[position + 1])
        if placeholder:
            for arg in args:
                arg.pieces = _split_placeholder(arg.pieces, placeholder, self.text.text)
        call = self._curl(command, args)
        call.name_node = nodes[index]
        return call

    def _wrapper_args(self, command: Node, inner: Node, owner: Script) -> list[Arg] | None:
        """The curl arguments a wrapper call amounts to: the wrapper's own words with the
        caller's words put where ``$1``, ``local path=$2``, ``"$@"`` (after ``shift``) are."""
        site = self.word_args(self.arguments(command))
        function = inner.parent
        while function is not None and function.type != "function_definition":
            function = function.parent
        aliases, shifted = owner._positional_aliases(function) if function else ({}, 0)
        used_positions: set[int] = set()
        out: list[Arg | None] = []  # None: where the remaining words go

        def position_of(piece: Piece) -> int | None:
            if not isinstance(piece, Hole):
                return None
            match = re.fullmatch(r"\$\{?([1-9])\}?", piece.source)
            if match:
                return int(match.group(1))
            return aliases.get(piece.var or "")

        for node in owner.arguments(inner):
            raw = owner.text.of(node)
            if _ALL_ARGUMENTS.fullmatch(raw):
                out.append(None)
                continue
            pieces = word_pieces(owner.text, node)
            positions = [position_of(p) for p in pieces]
            if len(pieces) == 1 and positions[0] is not None:
                # The caller's word itself: edits land at the call site.
                if positions[0] > len(site):
                    return None
                used_positions.add(positions[0])
                out.append(site[positions[0] - 1])
                continue
            if owner is not self:
                # Spans in another file mean nothing here: such pieces are never edited.
                pieces = [dataclasses.replace(p, span=None) for p in pieces]
            replaced: list[Piece] = []
            spills = False
            for piece, position in zip(pieces, positions, strict=True):
                if isinstance(piece, Hole) and piece.source in ("$@", "${@}", "$*", "${*}"):
                    position, spills = shifted + 1, True
                if position is not None:
                    if position > len(site):
                        return None
                    used_positions.add(position)
                    replaced.extend(site[position - 1].pieces)
                else:
                    replaced.append(owner._resolve(piece))
            out.append(Arg(node, replaced, at_site=False))
            if spills:
                out.append(None)  # "$BASE$@": the caller's other words follow
        final: list[Arg] = []
        rest = [a for i, a in enumerate(site, 1) if i > shifted and i not in used_positions]
        for arg in out:
            if arg is None:
                final.extend(rest)
                rest = []
            else:
                final.append(arg)
        return final

    def _positional_aliases(self, function: Node) -> tuple[dict[str, int], int]:
        """``local method=$1 path=$2`` and ``shift 2`` in a wrapper's body."""
        aliases: dict[str, int] = {}
        shifted = 0
        for node in walk(function):
            if node.type == "variable_assignment":
                name = node.child_by_field_name("name")
                value = node.child_by_field_name("value")
                if name is None or value is None:
                    continue
                match = re.fullmatch(r'"?\$\{?([1-9])\}?"?', self.text.of(value))
                if match:
                    aliases[self.text.of(name)] = int(match.group(1))
            elif node.type == "command" and self.command_name(node) == "shift":
                args = self.arguments(node)
                count = self.text.of(args[0]) if args else "1"
                shifted += int(count) if count.isdigit() else 1
        return aliases, shifted

    def _curl(self, command: Node, args: list[Arg]) -> CurlCall:
        call = CurlCall(command, args)
        positional: list[Arg] = []
        index = 0
        while index < len(args):
            arg = args[index]
            word = arg.literal()
            following = args[index + 1] if index + 1 < len(args) else None
            if word is None or not word.startswith("-") or word == "-":
                if not _ARRAY_EXPANSION.fullmatch(self.text.of(arg.node)):
                    positional.append(arg)
                index += 1
                continue
            if word.startswith("--"):
                name, equals, inline = word.partition("=")
                takes_value = name in _CURL_VALUE_LONG
                value_arg: Arg | None = None
                if takes_value and not equals:
                    value_arg = following
                    index += 1
                self._option(call, arg, name, value_arg, inline if equals else None)
                index += 1
                continue
            # A cluster of short options: -sSfL, -XPOST, -H value.
            position = 1
            while position < len(word):
                letter = word[position]
                if letter in _CURL_VALUE_SHORT:
                    inline = word[position + 1 :]
                    value_arg = None
                    if not inline:
                        value_arg = following
                        index += 1
                    self._option(call, arg, "-" + letter, value_arg, inline or None)
                    break
                if letter == "G":
                    call.get_flag = True  # the data goes into the query string
                position += 1
            index += 1
        if call.url_arg is None and positional:
            # The first word that visibly holds a path is the URL; else the first word.
            call.url_arg = next(
                (a for a in positional if "/" in _flat_text(a.pieces)), positional[0]
            )
        if call.url_arg is not None:
            call.url_pieces = list(call.url_arg.pieces)
        return call

    def _option(
        self, call: CurlCall, option: Arg, name: str, value: Arg | None, inline: str | None
    ) -> None:
        if name in ("-X", "--request"):
            call.method_arg = option
            call.method_value = value
            call.method_inline = inline is not None
            if inline is not None:
                call.method_value = Arg(option.node, [Lit(inline)], option.at_site)
        elif name in ("-H", "--header"):
            text = inline if inline is not None else (value.literal() if value else None)
            if text is None and value is not None:
                text = "".join(p.text if isinstance(p, Lit) else p.source for p in value.pieces)
            if text is not None:
                call.headers.append(text)
        elif name in _DATA_OPTIONS or name == "--data-urlencode":
            if name == "--json":
                call.json_flag = True
            call.data_args.append((option, value))
            if name == "--data-urlencode":
                call.urlencoded = True
        elif name == "--get":
            call.get_flag = True
        elif name == "--url":
            if value is not None:
                call.url_arg = value
        elif name in ("-w", "--write-out"):
            text = inline if inline is not None else (value.literal() if value else "")
            if text and "http_code" in text:
                call.write_out_status = True
        elif name in ("-T", "--upload-file"):
            call.data_args.append((option, None))

    def method_of(self, call: CurlCall) -> str:
        if call.method_value is not None:
            value = call.method_value.literal()
            if value:
                return value.upper()
            return ""
        return "POST" if call.data_args and not call.get_flag else "GET"


# --- rendering -----------------------------------------------------------------------------------


# --- the analysis ------------------------------------------------------------------------------


def _name_parts(name: str) -> set[str]:
    return {part for part in re.split(r"[^A-Za-z0-9]+", name.upper())}


def _evidence(script: Script, curl: CurlCall, url: list[Piece]) -> bool | None:
    """Coder, another product, or unknown — judged at the call."""
    for header in curl.headers:
        lowered = header.lower()
        if "coder-session-token" in lowered or _CODER_VAR.search(header):
            return True
    if curl.wrapper is not None and _FILE_EVIDENCE.search(curl.wrapper_text):
        return True
    base = []
    for piece in url:
        if isinstance(piece, Lit) and "/api/" in piece.text:
            base.append(Lit(piece.text.split("/api/")[0]))
            break
        base.append(piece)
    for piece in base:
        if isinstance(piece, Hole):
            name = piece.var or ""
            if _CODER_VAR.search(piece.source):
                return True
            if piece.resolved is not None:
                resolved_text = "".join(
                    p.text if isinstance(p, Lit) else p.source for p in piece.resolved
                )
                if _CODER_VAR.search(resolved_text):
                    return True
            if name and not (_name_parts(name) <= _GENERIC_NAME_PARTS):
                return False
        elif "coder" in piece.text.lower():
            return True
    for header in curl.headers:
        if re.match(r"(?i)\s*authorization\s*:", header):
            return False
    return None


def _url_through_variable(script: Script, curl: CurlCall, counts: dict[str, int]) -> None:
    """``URL="$CODER_URL/api/v2/tasks/me"; curl "$URL"``: the URL's pieces are the
    assignment's, and the fix edits the assignment when only this call uses it."""
    pieces = curl.url_pieces
    if len(pieces) != 1 or not isinstance(pieces[0], Hole):
        return
    hole = pieces[0]
    if hole.var is None or hole.resolved is None:
        return
    value = script.single_assignment(hole.var)
    if value is None:
        return
    direct = word_pieces(script.text, value)
    curl.url_pieces = [script._resolve(p) for p in direct]
    curl.url_from_var = hole.var
    counts[hole.var] = counts.get(hole.var, 0) + 1


def _one_new_url(script: Script, curls: list[CurlCall], variable: str, target: str) -> bool:
    """Every call through the URL variable is a Tasks call that needs the same Chats URL
    (a get and an archive of one task): the assignment can be rewritten for all of them."""
    urls = set()
    for curl in curls:
        if curl.url_from_var != variable:
            continue
        endpoint = coderapi.classify(curl.url_pieces, script.method_of(curl))
        if endpoint is None or endpoint.family != "tasks" or endpoint.op is coderapi.Op.OTHER:
            return False
        new = coderapi.chats_url(endpoint, endpoint.op, target)
        urls.add(tuple(p.text if isinstance(p, Lit) else repr(p) for p in new))
    return len(urls) == 1


def _ai_prompt_in_bodies(script: Script, pairs: list[tuple[CurlCall, HttpCall]]) -> list[CliUse]:
    """The legacy "AI Prompt" parameter sent in a Coder request body (a workspace build)."""
    out = []
    needle = f'"{coderapi.AI_PROMPT_PARAMETER}"'
    for curl, call in pairs:
        if curl.body_node is None or not (
            call.coder or (call.coder is None and script.file_has_coder)
        ):
            continue
        start, end = script.text.span(curl.body_node)
        found = script.text.text.find(needle, start, end)
        if found >= 0:
            out.append(CliUse("ai-prompt", "create", "", found, found + len(needle)))
    return out


def _cli_uses(script: Script) -> list[CliUse]:
    uses = []
    for command in script.commands:
        name = script.command_name(command)
        args = script.arguments(command)
        first = command
        if name in _COMMAND_PREFIXES:
            # sudo coder task ..., env A=1 coder task ..., command coder task ...
            found = next(
                (
                    i
                    for i, a in enumerate(args)
                    if re.fullmatch(r"(?:\S*/)?coder", script.text.of(a))
                ),
                None,
            )
            if found is None:
                continue
            first, args, name = args[found], args[found + 1 :], "coder"
        if name != "coder" and not name.endswith("/coder"):
            continue
        words = [literal_text(word_pieces(script.text, a)) for a in args]
        spelled = "coder"
        index = 0
        # Global flags before the subcommand (--url X, -v) are skipped.
        while index < len(words) and (words[index] or "").startswith("-"):
            index += 2 if words[index] in ("--url", "--token", "--global-config") else 1
        if index < len(words) and words[index] == "exp":
            spelled += " exp"
            index += 1
        if index < len(words) and words[index] in ("task", "tasks"):
            spelled += " " + str(words[index])
            index += 1
            if index < len(words) and words[index] in coderapi.CLI_SUBCOMMANDS:
                start, end = script.text.span(first)[0], script.text.span(command)[1]
                uses.append(CliUse("task", str(words[index]), spelled, start, end))
            continue
        if index < len(words) and words[index] == "create":
            for arg, word in zip(args, words, strict=True):
                raw = script.text.of(arg)
                if coderapi.AI_PROMPT_PARAMETER + "=" in (word or raw):
                    start, end = script.text.span(arg)
                    uses.append(CliUse("ai-prompt", "create", "coder create", start, end))
    return uses


def _method_near(script: Script, node: Node) -> str:
    """The HTTP method spelled in the command around a URL this front-end cannot rewrite
    (httpie's `http DELETE url`, `wget --method=PATCH`, `eval "curl -X POST ..."`)."""
    current: Node | None = node
    while current is not None and current.type != "command":
        current = current.parent
    if current is None:
        return ""
    match = _METHOD_WORD.search(script.text.of(current))
    return match.group(1) if match else ""


def _literal_reports(
    script: Script, covered: list[tuple[int, int]], broken: list[tuple[int, int]]
) -> list[HttpCall]:
    """Tasks URLs in strings that are not the URL of a call this front-end understood (a
    log message, a variable nobody passes to curl): reported, never rewritten. Those in a
    part of the script that does not parse go to ``broken``."""
    out = []
    text = script.text
    for node in walk(script.root):
        if node.type not in ("string", "raw_string", "word", "heredoc_body"):
            continue
        if node.parent is not None and node.parent.type in ("concatenation", "string"):
            continue
        raw = text.of(node)
        if not coderapi.TASKS_PATH.search(raw):
            continue
        start, end = text.span(node)
        if any(s <= start and end <= e or start <= s and e <= end for s, e in covered):
            continue
        if _in_broken_statement(node):
            broken.append((start, end))
            continue
        pieces = word_pieces(text, node)
        for match in coderapi.TASKS_URL_IN_TEXT.finditer(raw):
            line_start = raw.rfind("\n", 0, match.start()) + 1
            line_end = raw.find("\n", match.end())
            line = raw[line_start : line_end if line_end >= 0 else len(raw)]
            spelled = _METHOD_WORD.search(line)
            method = spelled.group(1) if spelled else _method_near(script, node)
            out.append(
                HttpCall(
                    method=method,
                    url=_url_slice(pieces, match.group(0)),
                    start=start + match.start(),
                    end=start + match.end(),
                    renderer=_NoRenderer(),
                    coder=None,
                    note="literal",
                )
            )
    return out


def _url_slice(pieces: list[Piece], found: str) -> list[Piece]:
    # The literal reports only classify; keep holes as they are, literal text as found.
    joined = "".join(p.text if isinstance(p, Lit) else "\0" for p in pieces)
    if "\0" not in joined:
        return [Lit(found)]
    return pieces


class _NoRenderer:
    def render(self, call: HttpCall, rewrite: CallRewrite) -> list[Edit] | str:
        return "this is text, not a call (rewrite the call that uses it)"


def analyse_script(
    script_text: str, path: Path, context: Context, *, file_has_coder: bool = False
) -> list[Finding]:
    """Findings for one shell script; offsets are relative to ``script_text``."""
    script = Script(script_text, path, context, file_has_coder)
    calls: list[HttpCall] = []
    pairs: list[tuple[CurlCall, HttpCall]] = []
    covered: list[tuple[int, int]] = []
    url_var_counts: dict[str, int] = {}
    curls = script.curl_calls()
    read_groups: list[tuple[HttpCall, list[tuple[Node, list[ResponseRead]]]]] = []
    for curl in curls:
        _url_through_variable(script, curl, url_var_counts)
    findings: list[Finding] = []
    for curl in curls:
        start, end = script.text.span(curl.command)
        if curl.name_node is not None:
            start = script.text.span(curl.name_node)[0]
        if _in_broken_statement(curl.command) or any(
            s < end and start < e for s, e in script.errors
        ):
            if coderapi.classify(curl.url_pieces, script.method_of(curl)) is not None:
                if context.selected(UNPARSEABLE.code):
                    findings.append(
                        Finding(
                            UNPARSEABLE.code,
                            "this Tasks call sits where the script cannot be parsed; it was "
                            "not checked",
                            path,
                            start,
                            end,
                        )
                    )
                covered.append((start, end))
                continue
        method = script.method_of(curl)
        url = curl.url_pieces
        if curl.get_flag and curl.data_args:
            body, has_body, opaque = None, False, None
            query: list[Piece] = []
            for _option, value in curl.data_args:
                if value is None:
                    continue
                query.extend(([Lit("&")] if query else []) + value.pieces)
            url = url + [Lit("?")] + query
        else:
            body, has_body, opaque = prepare_body(script, curl)
        call = HttpCall(
            method=method,
            url=url,
            start=start,
            end=end,
            renderer=ShellRenderer(script, curl),
            body=body,
            has_body=has_body,
            body_opaque=opaque,
            headers={h.split(":", 1)[0].strip().lower(): h for h in curl.headers},
            coder=_evidence(script, curl, curl.url_pieces),
            language="shell",
        )
        if curl.url_from_var and url_var_counts.get(curl.url_from_var, 0) > 1:
            if not _one_new_url(script, curls, curl.url_from_var, context.settings.target):
                call.url_shared = "$" + curl.url_from_var
        endpoint = coderapi.classify(call.url, method)
        is_list = endpoint is not None and (
            endpoint.op is coderapi.Op.LIST
            or (endpoint.op is coderapi.Op.CHATS and endpoint.rest.strip("/") == "")
        )
        if endpoint is not None:
            jq_groups = reads_for(script, curl, is_list)
            call.reads = [read for _jq, reads in jq_groups for read in reads]
            read_groups.append((call, jq_groups))
            call.status_checks = status_checks(script, curl)
        calls.append(call)
        pairs.append((curl, call))
        covered.append((start, end))
        for variable in [curl.url_from_var] + [
            p.var for p in call.url if isinstance(p, Hole) and p.resolved is not None
        ]:
            value = script.single_assignment(variable) if variable else None
            if value is not None:
                covered.append(script.text.span(value))
    variable_reads(script, read_groups)
    link_created_ids(read_groups, calls)
    broken: list[tuple[int, int]] = []
    calls.extend(_literal_reports(script, covered, broken))
    if context.selected(UNPARSEABLE.code):
        for start, end in broken:
            findings.append(
                Finding(
                    UNPARSEABLE.code,
                    "a Tasks URL sits where the script cannot be parsed (an unclosed quote or "
                    "block?); it was not checked",
                    path,
                    start,
                    end,
                )
            )
    findings.extend(http.check_calls(calls, path, context, script.file_has_coder))
    uses = _cli_uses(script)
    uses.extend(_ai_prompt_in_bodies(script, pairs))
    findings.extend(check_cli(uses, path, context))
    return findings


class ShellFrontEnd:
    language = "shell"

    def analyse(self, source: Source, context: Context) -> list[Finding]:
        return analyse_script(source.text, source.path, context)

    def validate(self, before: Source, after: str, context: Context) -> str | None:
        return validate_script(before.text, after)


FRONTEND = ShellFrontEnd()
