"""The front-end for GitHub (and Gitea) workflows and composite actions.

Positions come from tree-sitter-yaml; whether a file is YAML at all is decided by a strict
load (PyYAML, duplicate keys refused), and so is whether a fixed file still has the same
structure apart from the changes a migration means to make.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from migrator import coderapi
from migrator.frontends import Context, ParseError
from migrator.frontends.workflow_run import analyse_run, is_analysed_shell, mask, shell_of
from migrator.frontends.workflow_steps import Workflow
from migrator.frontends.workflow_yaml import Document
from migrator.model import Finding, Source
from migrator.rules.workflows import action_kind, check_steps, split_uses

_LOADER_BASE: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RUN_CODES = ("TC0", "TC1", "TC2", "TC3")


class _StrictLoader(_LOADER_BASE):  # type: ignore[misc, valid-type]
    """Safe loading that refuses a key given twice in one mapping, as GitHub does."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False):
    seen: set[object] = set()
    for key_node, _value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        try:
            duplicate = key in seen
        except TypeError:
            continue
        if duplicate:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                f"found duplicate key {key!r}",
                key_node.start_mark,
            )
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


# Aliases can make a small file stand for an enormous tree (an alias bomb); past this many
# nodes once aliases are expanded, a file is not analysed.
MAX_EXPANDED_NODES = 100_000


def _expanded_size(data: Any) -> int:
    """How many nodes ``data`` has with every alias expanded, in time linear in the nodes
    the loader built (a shared node is sized once)."""
    sizes: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        node, children_done = stack.pop()
        if not isinstance(node, (dict, list)) or id(node) in sizes:
            continue
        children = list(node.values()) if isinstance(node, dict) else node
        if not children_done:
            stack.append((node, True))
            stack.extend((child, False) for child in children)
            continue
        total = 1
        for child in children:
            total += sizes.get(id(child), 1)
            if total > MAX_EXPANDED_NODES:
                break
        sizes[id(node)] = total
    return sizes.get(id(data), 1)


def strict_load(text: str) -> Any:
    """The file's data; raises ``ParseError`` when it is not one valid YAML document."""
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 (a safe loader)
        if _expanded_size(data) > MAX_EXPANDED_NODES:
            raise ParseError(
                f"its aliases expand to more than {MAX_EXPANDED_NODES} nodes (an alias bomb?)"
            )
        return data
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        offset = mark.index if mark is not None else 0
        raise ParseError(f"not valid YAML: {problem}", min(offset, len(text))) from error
    except yaml.YAMLError as error:
        raise ParseError(f"not valid YAML: {error}") from error


@lru_cache(maxsize=32)
def _cached_load(text: str) -> Any:
    return strict_load(text)


def has_coder_evidence(text: str) -> bool:
    return bool(coderapi.WORKFLOW_CODER_EVIDENCE.search(text))


class WorkflowFrontEnd:
    language = "workflow"

    def analyse(self, source: Source, context: Context) -> list[Finding]:
        _cached_load(source.text)
        doc = Document(source.text)
        workflow = Workflow(doc, context.settings.action)
        findings = check_steps(workflow.action_steps(), source.path, context)
        if any(context.selected(code) for code in _RUN_CODES):
            findings.extend(self._run_steps(workflow, source, context))
        return findings

    def _run_steps(self, workflow: Workflow, source: Source, context: Context) -> list[Finding]:
        evidence = has_coder_evidence(source.text) or context.settings.coder_only
        findings: list[Finding] = []
        for job in workflow.jobs:
            for step in job.steps:
                run = step.get("run")
                if run is None or run.value is None or run.value.kind != "scalar":
                    continue
                shell = shell_of(workflow.scalar_of(step, "shell"), job.shell, job.windows)
                where = _working_directory(
                    source.path, workflow.scalar_of(step, "working-directory")
                )
                found = analyse_run(workflow.doc, run.value, shell, where, context, evidence)
                for finding in found:
                    finding.path = source.path
                findings.extend(found)
        return findings

    def validate(self, before: Source, after: str, context: Context) -> str | None:
        try:
            old = _cached_load(before.text)
        except ParseError as error:
            # The input is TC001 already (a suppression comment for it is all that can be
            # written): the output may only fail the same way.
            return _same_failure(error, after)
        try:
            new = strict_load(after)
        except ParseError as error:
            return f"the output is not valid YAML ({error})"
        return compare_structure(old, new, context.settings.action)


def _same_failure(before: ParseError, after: str) -> str | None:
    try:
        strict_load(after)
    except ParseError as error:
        if str(error) == str(before):
            return None
        return f"the output is not valid YAML in a new way ({error})"
    return "the output became valid YAML, so it is not the file that was checked"


FRONTEND = WorkflowFrontEnd()


def _working_directory(path: Path, working_directory: str | None) -> Path:
    """A path inside the directory a `run:` script runs in, so the shell front-end finds the
    files it sources: the repository root for a workflow (plus `working-directory`), the
    action's own folder for an action."""
    parts = path.parts
    root = path.parent
    if (
        len(parts) >= 3
        and parts[-3] in (".github", ".gitea", ".forgejo")
        and parts[-2] == ("workflows")
    ):
        root = path.parent.parent.parent
    if working_directory and "${{" not in working_directory:
        relative = Path(working_directory)
        if not relative.is_absolute() and ".." not in relative.parts:
            root = root / relative
    return root / "run-step.sh"


# --- the structure a fix may change ----------------------------------------------------------

_OUTPUT_READ = re.compile(
    r"(?i)(outputs\s*(?:\.\s*|\[\s*'))(" + "|".join(coderapi.ACTION_OUTPUT_RENAMES) + r")\b"
)
_CODER_ACTION = "<the Coder action>"


def compare_structure(
    old: Any, new: Any, action: str = coderapi.DEFAULT_CHAT_ACTION
) -> str | None:
    """Where ``new`` differs from ``old`` beyond what a migration changes, else ``None``.

    Allowed: a Tasks-action step (or its vendored checkout) becoming a chat-action step with
    its inputs renamed, dropped or added as the tables say; reads of renamed outputs, and
    job outputs named after them; `run:` scripts whose rewrite the shell check accepts.
    """
    return _diff(_normalise(old, action), _normalise(new, action), "")


def _normalise(data: Any, configured: str) -> Any:
    data = _renamed_reads(data)
    if not isinstance(data, dict):
        return data
    for job in _jobs(data):
        outputs = job.get("outputs")
        if isinstance(outputs, dict):
            job["outputs"] = {
                coderapi.ACTION_OUTPUT_RENAMES.get(k.lower(), k) if isinstance(k, str) else k: v
                for k, v in outputs.items()
            }
        steps = job.get("steps")
        if isinstance(steps, list):
            job["steps"] = _normalise_steps(steps, configured)
    return data


def _jobs(data: dict) -> list[dict]:
    out = []
    jobs = data.get("jobs")
    if isinstance(jobs, dict):
        out.extend(job for job in jobs.values() if isinstance(job, dict))
    runs = data.get("runs")
    if isinstance(runs, dict):
        out.append(runs)
    return out


def _normalise_steps(steps: list, configured: str) -> list:
    vendored = set()
    kept = []
    for step in steps:
        if not isinstance(step, dict):
            kept.append(step)
            continue
        uses = step.get("uses")
        inputs = step.get("with")
        if (
            isinstance(uses, str)
            and split_uses(uses)[0].lower() == "actions/checkout"
            and isinstance(inputs, dict)
            and isinstance(inputs.get("repository"), str)
            and action_kind(inputs["repository"]) == "tasks"
        ):
            vendored.add(str(inputs.get("path", "")).strip().removeprefix("./").strip("/"))
            continue
        kept.append(step)
    for step in kept:
        if not isinstance(step, dict) or not isinstance(step.get("uses"), str):
            continue
        uses = step["uses"]
        local = uses.strip().removeprefix("./").strip("/") if uses.startswith("./") else None
        name = split_uses(uses)[0]
        if action_kind(name, configured) is None and local not in vendored:
            continue
        step["uses"] = _CODER_ACTION
        inputs = step.get("with")
        if isinstance(inputs, dict):
            step["with"] = _normalise_inputs(inputs)
    return kept


def _normalise_inputs(inputs: dict) -> dict:
    out = {}
    for key, value in inputs.items():
        if key in coderapi.ACTION_INPUTS_DROPPED or key in coderapi.ACTION_IDENTITY_INPUTS:
            continue
        if key == "coder-organization" and value == "default":
            continue
        out[coderapi.ACTION_INPUT_RENAMES.get(key, key)] = value
    return out


def _renamed_reads(data: Any) -> Any:
    if isinstance(data, str):
        return _OUTPUT_READ.sub(lambda m: m.group(1) + _new_output(m.group(2)), data)
    if isinstance(data, dict):
        return {_renamed_reads(k): _renamed_reads(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_renamed_reads(v) for v in data]
    return data


def _new_output(name: str) -> str:
    return coderapi.ACTION_OUTPUT_RENAMES.get(name.lower(), name)


def _diff(old: Any, new: Any, where: str, shell: str | None = None) -> str | None:
    if type(old) is not type(new):
        return f"the YAML structure changed at {where or 'the top'}"
    if isinstance(old, dict):
        if list(old) != list(new):
            return f"the keys changed at {where or 'the top'}"
        step_shell = old.get("shell") if isinstance(old.get("shell"), str) else shell
        for key in old:
            problem = _diff(old[key], new[key], f"{where}.{key}", step_shell)
            if problem is not None:
                return problem
        return None
    if isinstance(old, list):
        if len(old) != len(new):
            return f"the number of items changed at {where}"
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            problem = _diff(a, b, f"{where}[{index}]", shell)
            if problem is not None:
                return problem
        return None
    if old == new:
        return None
    if isinstance(old, str) and where.endswith(".run"):
        if shell is not None and not is_analysed_shell(shell):
            return f"a `{shell}` script changed at {where}"
        from migrator.frontends.shell import validate_script

        problem = validate_script(mask(old).text, mask(new).text)
        return f"{problem} at {where}" if problem else None
    return f"a value changed at {where}"
