"""The `coder task` CLI and the legacy "AI Prompt" parameter, as Python code passes them."""

from __future__ import annotations

import shlex

import libcst as cst

from migrator import coderapi
from migrator.frontends.python_model import PyModule, string_value
from migrator.rules.cli_usage import CliUse

_RUNNERS = (
    "subprocess.run",
    "subprocess.call",
    "subprocess.check_call",
    "subprocess.check_output",
    "subprocess.Popen",
    "asyncio.create_subprocess_exec",
    "asyncio.create_subprocess_shell",
    "os.system",
    "os.popen",
)
_SHELL_RUNNERS = ("os.system", "os.popen", "asyncio.create_subprocess_shell")
_SEPARATORS = frozenset({"&&", "||", ";", "|", "&", "(", ")"})


def _is_coder(word: str | None) -> bool:
    return word is not None and (word == "coder" or word.endswith("/coder"))


def task_command(words: list[str | None]) -> tuple[str, str] | None:
    """``("coder task", "create")`` when ``words`` start a `coder task` command."""
    if not words or not _is_coder(words[0]):
        return None
    rest = words[1:]
    spelled = "coder"
    if rest[:1] == ["exp"]:
        spelled += " exp"
        rest = rest[1:]
    if rest[:1] not in (["task"], ["tasks"]):
        return None
    spelled += f" {rest[0]}"
    subcommand = rest[1] if len(rest) > 1 else None
    if subcommand not in coderapi.CLI_SUBCOMMANDS:
        return None
    assert subcommand is not None
    return spelled, subcommand


def _shell_words(text: str) -> list[list[str]]:
    """The simple commands of a shell line, split into words."""
    try:
        lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        words = list(lexer)
    except ValueError:
        return []
    commands: list[list[str]] = [[]]
    for word in words:
        if word in _SEPARATORS:
            commands.append([])
        else:
            commands[-1].append(word)
    return [c for c in commands if c]


def find_cli(model: PyModule, file_has_coder: bool) -> list[CliUse]:
    uses: list[CliUse] = []

    class Visitor(cst.CSTVisitor):
        def visit_Call(self, node: cst.Call) -> None:
            qualified = model.qualified(node.func) or ""
            if qualified not in _RUNNERS or not node.args:
                return
            start, end = model.span(node)
            if qualified == "asyncio.create_subprocess_exec":
                words = [string_value(a.value) for a in node.args if a.keyword is None]
                _command(words, start, end)
                return
            first = node.args[0].value
            if isinstance(first, (cst.List, cst.Tuple)):
                words = [string_value(e.value) for e in first.elements]
                _command(words, *model.span(first))
                return
            text = string_value(first)
            shell = qualified in _SHELL_RUNNERS or any(
                a.keyword is not None and a.keyword.value == "shell" for a in node.args
            )
            if text is not None and shell:
                for command in _shell_words(text):
                    _command(list(command), *model.span(first))

        def visit_Dict(self, node: cst.Dict) -> None:
            for element in node.elements:
                if not isinstance(element, cst.DictElement):
                    continue
                if string_value(element.key) != "name":
                    continue
                if string_value(element.value) != coderapi.AI_PROMPT_PARAMETER:
                    continue
                if file_has_coder or _in_rich_parameters(model, node):
                    uses.append(CliUse("ai-prompt", "", "", *model.span(node)))

    def _command(words: list[str | None], start: int, end: int) -> None:
        found = task_command(words)
        if found is not None:
            uses.append(CliUse("task", found[1], found[0], start, end))
            return
        if words and _is_coder(words[0]):
            for word in words[1:]:
                if word is not None and word.startswith(coderapi.AI_PROMPT_PARAMETER + "="):
                    uses.append(CliUse("ai-prompt", "", "", start, end))
                    return

    model.walk(model.module, Visitor())
    return uses


def _in_rich_parameters(model: PyModule, node: cst.CSTNode) -> bool:
    for ancestor in model.ancestors(node):
        if isinstance(ancestor, cst.Arg) and ancestor.keyword is not None:
            return ancestor.keyword.value == "rich_parameter_values"
        if isinstance(ancestor, cst.DictElement):
            return string_value(ancestor.key) == "rich_parameter_values"
    return False
