"""Shell embedded in Terraform: ``coder_script.script``, ``coder_agent.startup_script`` and
the script inputs of modules.

The script is extracted with every position kept: an interpolation ``${expr}`` becomes a
braced shell variable of the same length (``${var.x}`` → ``${var_x}``), directives
(``%{ if }``) become spaces, and the escapes ``$${`` and ``%%{`` are mapped to the two
characters the shell sees. Findings are mapped back through that table; replacement text is
escaped for HCL and placeholders become their interpolations again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tree_sitter import Node

from migrator import coderapi
from migrator.frontends.terraform_syntax import Attribute, Block, TfFile
from migrator.model import Edit, Finding, Fix

_DIRECTIVE_MARKERS = frozenset(
    {
        "template_if_intro",
        "template_else_intro",
        "template_if_end",
        "template_for_start",
        "template_for_end",
    }
)
_HCL_SPECIAL = re.compile(r"([$%])\{")


@dataclass
class Script:
    """The shell text of one script attribute, and where each character came from."""

    file: TfFile
    attribute: Attribute
    text: str
    offsets: list[int]  # host offset of each shell offset, plus one past the end
    placeholders: dict[str, set[str]] = field(default_factory=dict)
    placeholder_spans: list[tuple[int, int]] = field(default_factory=list)

    def host(self, offset: int) -> int:
        return self.offsets[offset]

    def splits_placeholder(self, start: int, end: int) -> bool:
        return any(a < start < b or a < end < b for a, b in self.placeholder_spans)

    def host_text(self, text: str) -> str | None:
        """``text`` written for the shell, as the heredoc must spell it; ``None`` when a
        placeholder in it stands for more than one interpolation."""
        if not self.placeholders:
            return _HCL_SPECIAL.sub(r"\1\1{", text)
        names = sorted(self.placeholders, key=len, reverse=True)
        pattern = re.compile("|".join(re.escape(name) for name in names))
        out = []
        position = 0
        for match in pattern.finditer(text):
            out.append(_HCL_SPECIAL.sub(r"\1\1{", text[position : match.start()]))
            originals = self.placeholders[match.group(0)]
            if len(originals) != 1:
                return None
            out.append(next(iter(originals)))
            position = match.end()
        out.append(_HCL_SPECIAL.sub(r"\1\1{", text[position:]))
        return "".join(out)


def script_attributes(file: TfFile) -> list[Attribute]:
    out = []
    for block in file.blocks:
        for name in _script_inputs(block):
            attribute = block.attributes.get(name)
            if attribute is not None:
                out.append(attribute)
    return out


def _script_inputs(block: Block) -> tuple[str, ...]:
    if block.type == "resource" and block.resource_type in coderapi.SCRIPT_ARGUMENTS:
        return coderapi.SCRIPT_ARGUMENTS[block.resource_type]
    if block.type == "module":
        return coderapi.MODULE_SCRIPT_INPUTS
    return ()


def extract(file: TfFile, attribute: Attribute) -> Script | None:
    template = _template(attribute.value)
    if template is None:
        return None
    if template.type == "heredoc_template":
        identifiers = [c for c in template.children if c.type == "heredoc_identifier"]
        if len(identifiers) != 2:
            return None
        opening = file.cp(identifiers[0].end_byte)
        start = file.line_end(file.line_of(opening))
        end = file.line_start(file.line_of(file.cp(identifiers[1].start_byte)))
    else:
        start = file.cp(template.start_byte) + 1
        end = file.cp(template.end_byte) - 1
        if "\\" in file.text[start:end]:
            return None  # TODO: scripts in quoted strings with escapes are not read as shell
    if end <= start:
        return None
    interpolations: dict[int, int] = {}
    blanks: dict[int, int] = {}
    for node in _walk(template):
        if node.type == "template_interpolation":
            interpolations[file.cp(node.start_byte)] = file.cp(node.end_byte)
        elif node.type in _DIRECTIVE_MARKERS:
            blanks[file.cp(node.start_byte)] = file.cp(node.end_byte)
    script = Script(file, attribute, "", [])
    text: list[str] = []
    offsets: list[int] = []
    index = start
    while index < end:
        if index in interpolations:
            stop = interpolations[index]
            original = file.text[index:stop]
            placeholder = _placeholder(original)
            script.placeholders.setdefault(placeholder, set()).add(original)
            script.placeholder_spans.append((len(text), len(text) + len(placeholder)))
            text.extend(placeholder)
            offsets.extend(range(index, stop))
            index = stop
            continue
        if index in blanks:
            stop = blanks[index]
            for position in range(index, stop):
                text.append("\n" if file.text[position] == "\n" else " ")
                offsets.append(position)
            index = stop
            continue
        if file.text.startswith(("$${", "%%{"), index):
            text.extend(file.text[index] + "{")
            offsets.extend((index, index + 2))
            index += 3
            continue
        text.append(file.text[index])
        offsets.append(index)
        index += 1
    offsets.append(end)
    script.text = "".join(text)
    script.offsets = offsets
    return script


def _template(value: Node) -> Node | None:
    node = value
    while node.type in ("expression", "template_expr") and len(node.named_children) == 1:
        node = node.named_children[0]
    if node.type in ("heredoc_template", "quoted_template"):
        return node
    return None


def _walk(node: Node) -> list[Node]:
    out = []
    stack = [node]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(current.children)
    return out


def _placeholder(original: str) -> str:
    """A braced shell variable exactly as long as ``original`` (``${var.x}`` → ``${var_x}``)."""
    inner = re.sub(r"[^A-Za-z0-9_]", "_", original[2:-1])
    if inner and inner[0].isdigit():
        inner = "_" + inner[1:]
    return "${" + inner + "}"


def map_findings(script: Script, findings: list[Finding]) -> list[Finding]:
    """Findings made on ``script.text``, moved onto the host file."""
    mapped_fixes: dict[int, Fix | None] = {}
    out = []
    for finding in findings:
        fix = finding.fix
        if fix is not None and id(fix) not in mapped_fixes:
            mapped_fixes[id(fix)] = _map_fix(script, fix)
        new_fix = mapped_fixes.get(id(fix)) if fix is not None else None
        out.append(
            Finding(
                finding.code,
                finding.message,
                script.file.path,
                script.host(min(finding.start, len(script.text))),
                script.host(min(finding.end, len(script.text))),
                new_fix,
            )
        )
    return out


def _map_fix(script: Script, fix: Fix) -> Fix | None:
    edits = []
    for edit in fix.edits:
        if script.splits_placeholder(edit.start, edit.end):
            return None
        text = script.host_text(edit.text)
        if text is None:
            return None
        edits.append(Edit(script.host(edit.start), script.host(edit.end), text))
    return Fix(fix.applicability, tuple(edits), fix.title)
