"""The Python front-end: libcst reads the file, so fixes touch only the bytes they mean to.

It finds HTTP calls (requests, httpx, aiohttp, urllib and the wrappers teams write around
them), follows their responses through the same scope, and hands both to the HTTP rules; it
hands `coder task` invocations and the "AI Prompt" parameter to the CLI rules.
"""

from __future__ import annotations

import re
import warnings

import libcst as cst

from migrator import coderapi
from migrator.callmodel import CallRewrite, Hole, HttpCall, pieces_text
from migrator.coderapi import slice_pieces
from migrator.frontends import Context, ParseError
from migrator.frontends.python_calls import CallFinder, PyCall, text_shows_coder
from migrator.frontends.python_cli import find_cli
from migrator.frontends.python_model import PyModule, parse_python
from migrator.frontends.python_reads import ReadTracker
from migrator.frontends.python_urls import pieces_of
from migrator.model import Edit, Finding, Source
from migrator.rules.cli_usage import check_cli
from migrator.rules.http import check_calls

_MAX_IMPORTS_READ = 20
# Text one of which a file must hold for any site to be found in it.
_MARKERS = ("/tasks", "/aitasks", "/chats", coderapi.AI_PROMPT_PARAMETER)
_TASKS_LITERAL = coderapi.TASKS_PATH
_TASKS_URL = coderapi.TASKS_URL_IN_TEXT
_CLI_HINT = re.compile(r"""["']tasks?["']|\bcoder\s+(?:exp\s+)?tasks?\b|AI Prompt""")


class PythonFrontEnd:
    language = "python"

    def analyse(self, source: Source, context: Context) -> list[Finding]:
        text = source.text
        module = parse_python(text)
        if not any(marker in text for marker in _MARKERS) and not (
            "task" in text and "coder" in text
        ):
            # No URL, CLI call or parameter this front-end looks for can be in the file.
            return []
        model = PyModule(text, module)
        finder = CallFinder(model, context, source.path)
        calls = finder.find()
        if calls:
            ReadTracker(model, calls).run()
        http_calls = [call.http for call in calls]
        if _TASKS_LITERAL.search(text):
            http_calls.extend(_literal_reports(model, finder, calls))
        uses = find_cli(model, file_has_coder=False) if _CLI_HINT.search(text) else []
        needs_file_evidence = any(call.coder is None for call in http_calls) or (
            coderapi.AI_PROMPT_PARAMETER in text
        )
        file_has_coder = needs_file_evidence and (
            any(use.kind == "task" for use in uses)
            or model.file_evidence()
            or self._imports_coder(model, finder)
        )
        if file_has_coder and coderapi.AI_PROMPT_PARAMETER in text:
            uses = find_cli(model, file_has_coder=True)
        findings = check_calls(http_calls, source.path, context, file_has_coder)
        findings.extend(check_cli(uses, source.path, context))
        return findings

    def _imports_coder(self, model: PyModule, finder: CallFinder) -> bool:
        """True when a module of this repository that the file imports shows Coder."""
        read = 0
        for node in model.import_nodes:
            if not isinstance(node, cst.ImportFrom) or read >= _MAX_IMPORTS_READ:
                continue
            module = "." * len(node.relative) + (model.code(node.module) if node.module else "")
            read += 1
            text = finder.module_text(module)
            if text is not None and text_shows_coder(text):
                return True
        return False

    def validate(self, before: Source, after: str, context: Context) -> str | None:
        before_parses = _libcst_problem(before.text) is None
        problem = _libcst_problem(after)
        if before_parses and problem is not None:
            return f"libcst cannot parse the result: {problem}"
        if _compile_problem(before.text, str(before.path)) is None:
            problem = _compile_problem(after, str(before.path))
            if problem is not None:
                return f"the result does not compile: {problem}"
        return None


def _libcst_problem(text: str) -> str | None:
    try:
        parse_python(text)
    except ParseError as error:
        return str(error)
    return None


def _compile_problem(text: str, filename: str) -> str | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            compile(text, filename, "exec", dont_inherit=True)
        except (SyntaxError, ValueError) as error:
            return re.sub(r"\s+", " ", str(error))
    return None


class _TextRenderer:
    def render(self, call: HttpCall, rewrite: CallRewrite) -> list[Edit] | str:
        return "this is text, not a call (rewrite the call that uses it)"


def _literal_reports(model: PyModule, finder: CallFinder, calls: list[PyCall]) -> list[HttpCall]:
    """Tasks URLs in strings that are not the URL of a call found here (a log message, a
    constant no call reads): reported, never rewritten."""
    covered: list[tuple[int, int]] = []
    for call in calls:
        covered.extend(p.span for p in call.http.url if p.span is not None)
        for piece in call.http.url:
            if isinstance(piece, Hole) and piece.resolved:
                covered.extend(p.span for p in piece.resolved if p.span is not None)
    strings: list[cst.BaseExpression] = []

    class Visitor(cst.CSTVisitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            if isinstance(node, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString)):
                if id(node) not in model.docstrings:
                    strings.append(node)
                return False
            return True

    model.walk(model.module, Visitor())
    out: list[HttpCall] = []
    for node in strings:
        start, end = model.span(node)
        if not _TASKS_LITERAL.search(model.text, start, end):
            continue
        if any(start <= s and e <= end for s, e in covered):
            continue
        pieces = pieces_of(finder.urls.atoms(node))
        text = pieces_text(pieces)
        for match in _TASKS_URL.finditer(text):
            url = slice_pieces(pieces, match.start(), match.end())
            out.append(
                HttpCall("", url, start, end, _TextRenderer(), language="python", note="literal")
            )
    return out


FRONTEND = PythonFrontEnd()
