"""The Terraform front-end: Coder templates and the modules they use.

A module is a directory: every ``.tf`` file beside the one analysed is read (through the
run, so edits made earlier in this run count) and the removal plan is made for the whole
directory; only the analysed file is edited. Positions come from tree-sitter-hcl; a file
python-hcl2 cannot parse is TC001. Scripts embedded in heredocs are handed to the shell
front-end.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from migrator.frontends import Context, ParseError
from migrator.frontends.terraform_heredoc import extract, map_findings, script_attributes
from migrator.frontends.terraform_plan import Member, ModuleGraph, Planner
from migrator.frontends.terraform_syntax import Ref, TfFile, parse_file
from migrator.model import Finding, Source
from migrator.rules import templates
from migrator.suppressions import MARKER, filter_findings


@lru_cache(maxsize=64)
def _hcl2_error(text: str) -> tuple[str, int] | None:
    """python-hcl2's complaint about ``text`` and where (code points), or ``None``.

    Only its parser runs: building its dictionary would double the cost and judge nothing
    more about the syntax.
    """
    import hcl2  # python-hcl2 is imported here only, so other front-ends never load it

    try:
        hcl2.parses_to_tree(text)
    except Exception as error:  # noqa: BLE001 - lark raises many kinds; all mean "cannot parse"
        line = getattr(error, "line", None)
        column = getattr(error, "column", None)
        offset = 0
        if isinstance(line, int) and line > 0:
            lines = text.split("\n")
            offset = sum(len(x) + 1 for x in lines[: line - 1])
            if isinstance(column, int) and column > 0:
                offset += column - 1
            offset = min(offset, len(text))
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return first, offset
    return None


def _shell() -> Any | None:
    if importlib.util.find_spec("migrator.frontends.shell") is None:
        return None
    module = importlib.import_module("migrator.frontends.shell")
    return module if hasattr(module, "analyse_script") else None


def _is_coder_module(graph: ModuleGraph) -> bool:
    for block in graph.top_blocks():
        if (block.resource_type or "").startswith("coder_"):
            return True
        if block.type == "provider" and block.labels[:1] == ("coder",):
            return True
        if block.type == "module" and "coder" in (block.string_attribute("source") or ""):
            return True
    return False


class TerraformFrontEnd:
    language = "terraform"

    def analyse(self, source: Source, context: Context) -> list[Finding]:
        problem = _hcl2_error(source.text)
        if problem is not None:
            raise ParseError(problem[0], problem[1])
        file = parse_file(source.path, source.text)
        graph = ModuleGraph.load(file, context.read_file, context.run_files)
        planner = Planner(graph, context.selected, _suppressed_in(context)).plan()
        findings = templates.check_module(planner, file, context)
        findings.extend(self._scripts(file, graph, context))
        return findings

    def _scripts(self, file: TfFile, graph: ModuleGraph, context: Context) -> list[Finding]:
        shell = _shell()
        if shell is None:
            return []
        out: list[Finding] = []
        has_coder = _is_coder_module(graph)
        for attribute in script_attributes(file):
            script = extract(file, attribute)
            if script is None:
                continue
            found = shell.analyse_script(script.text, file.path, context, file_has_coder=has_coder)
            out.extend(map_findings(script, found))
        return out

    def validate(self, before: Source, after: str, context: Context) -> str | None:
        if _hcl2_error(before.text) is None:
            problem = _hcl2_error(after)
            if problem is not None:
                return f"python-hcl2 cannot parse the result: {problem[0]}"
        old = parse_file(before.path, before.text)
        new = parse_file(before.path, after)
        if new.error_count() > old.error_count():
            return "tree-sitter-hcl finds a syntax error the input did not have"
        if new.crowded_count() > old.crowded_count():
            return "two arguments or blocks now share a line"
        problem = self._references(old, new, context)
        if problem is not None:
            return problem
        return self._validate_scripts(old, new)

    def _references(self, old: TfFile, new: TfFile, context: Context) -> str | None:
        """No reference of the module may dangle that resolved before the edit."""
        before_graph = ModuleGraph.load(old, context.read_file, context.run_files)
        after_graph = before_graph.with_text(new.text)
        before = Counter(_ref_key(ref) for ref in before_graph.unresolved())
        after_refs = after_graph.unresolved()
        after = Counter(_ref_key(ref) for ref in after_refs)
        for ref in after_refs:
            key = _ref_key(ref)
            if after[key] > before[key]:
                line = ref.file.line_of(ref.start) + 1
                return f"`{ref.text}` at {ref.file.path.name}:{line} no longer resolves"
        return None

    def _validate_scripts(self, old: TfFile, new: TfFile) -> str | None:
        shell = _shell()
        if shell is None or not hasattr(shell, "validate_script"):
            return None
        old_scripts = [extract(old, a) for a in script_attributes(old)]
        new_scripts = [extract(new, a) for a in script_attributes(new)]
        if len(old_scripts) != len(new_scripts):
            return None
        for before, after in zip(old_scripts, new_scripts, strict=True):
            if before is None or after is None or before.text == after.text:
                continue
            problem = shell.validate_script(before.text, after.text)
            if problem is not None:
                return f"embedded script: {problem}"
        return None


def _suppressed_in(context: Context) -> Callable[[Member], bool]:
    """Whether the file holding a member suppresses the member's finding."""

    def suppressed(member: Member) -> bool:
        if member.code is None or MARKER not in member.file.text:
            return False
        source = Source(member.file.path, member.file.text, language="terraform")
        probe = Finding(member.code, "", member.file.path, member.start, member.end)
        kept = filter_findings(source, [probe], context.settings)
        return all(finding is not probe for finding in kept)

    return suppressed


def _ref_key(ref: Ref) -> tuple[str, str]:
    return (os.path.abspath(ref.file.path), ref.address)


FRONTEND = TerraformFrontEnd()
