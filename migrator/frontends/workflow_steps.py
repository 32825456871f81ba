"""The shape of a workflow or composite action: jobs, steps, the expressions that read step
and job outputs, and the editor that rewrites one step in the file's own layout."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from migrator.coderapi import DEFAULT_CHAT_ACTION
from migrator.frontends.workflow_yaml import (
    Document,
    Item,
    Node,
    Pair,
    insert_pair_after,
    remove_item,
    remove_pairs,
    rename_key,
    replace_scalar,
)
from migrator.model import Edit
from migrator.rules.workflows import (
    ActionStep,
    OutputRead,
    Rendered,
    action_kind,
    split_uses,
    uses_host,
)

_EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
_NAME = r"[A-Za-z_][A-Za-z0-9_-]*"
# Contexts and their properties are case-insensitive in GitHub expressions.
_REF = re.compile(
    rf"(?<![\w.-])(?P<ctx>(?i:steps|needs|jobs))"
    rf"(?:\s*\.\s*(?P<owner>{_NAME})|\s*\[\s*'(?P<owner_q>[^']*)'\s*\])"
    r"(?i:\s*\.\s*outputs|\s*\[\s*'outputs'\s*\])"
    rf"(?:\s*\.\s*(?P<name>{_NAME})|\s*\[\s*'(?P<name_q>[^']*)'\s*\])"
)
_CHECKOUT = "actions/checkout"
_PIN_COMMENT = re.compile(r"[ \t]+#[ \t]*v?\d+(?:\.\d+)*[ \t]*(?=\n|$)")


@dataclass
class Ref:
    """``steps.<owner>.outputs.<name>`` (or ``needs.``/``jobs.``) inside an expression;
    ``context`` is lower case, ``owner`` and ``name`` as written."""

    context: str
    owner: str
    name: str
    start: int
    end: int
    name_start: int
    name_end: int

    def rename(self, new_name: str) -> Edit:
        return Edit(self.name_start, self.name_end, new_name)


@dataclass
class Step:
    item: Item
    node: Node

    def get(self, key: str) -> Pair | None:
        return self.node.get(key)


@dataclass
class Job:
    """A workflow job, or the steps of a composite action (``id`` is then ``None``)."""

    id: str | None
    node: Node
    steps_node: Node | None
    steps: list[Step] = field(default_factory=list)
    outputs: Node | None = None
    shell: str | None = None
    windows: bool = False
    # Where `steps.<id>` refers to this job's steps: the job, or a whole composite action.
    scope: tuple[int, int] = (0, 0)


class Workflow:
    """A workflow file or a composite action, read from its YAML document."""

    def __init__(self, doc: Document, configured_action: str = DEFAULT_CHAT_ACTION) -> None:
        self.doc = doc
        self.configured_action = configured_action
        self.jobs: list[Job] = []
        self.refs: list[Ref] = []
        self.is_action = False
        self._shared_checkouts: set[int] = set()
        root = doc.root
        if root is None or root.kind != "mapping":
            return
        default_shell = self._default_shell(root)
        jobs = root.value("jobs")
        if jobs is not None and jobs.kind == "mapping":
            for pair in jobs.pairs:
                if pair.value is None or pair.value.kind != "mapping":
                    continue
                self.jobs.append(self._job(pair.key_text, pair.value, default_shell))
        runs = root.value("runs")
        if runs is not None and runs.kind == "mapping" and root.value("jobs") is None:
            self.is_action = True
            action = self._job(None, runs, None)
            action.scope = (root.start, root.end)
            self.jobs.append(action)
        self.refs = list(self._refs())

    def _default_shell(self, node: Node) -> str | None:
        defaults = node.value("defaults")
        run = (
            defaults.value("run") if defaults is not None and defaults.kind == "mapping" else None
        )
        if run is None or run.kind != "mapping":
            return None
        return self.doc.scalar(run.value("shell"))

    def _job(self, job_id: str | None, node: Node, default_shell: str | None) -> Job:
        steps_node = node.value("steps")
        job = Job(
            job_id, node, steps_node if steps_node and steps_node.kind == "sequence" else None
        )
        job.shell = self._default_shell(node) or default_shell
        job.scope = (node.start, node.end)
        runs_on = node.value("runs-on")
        if runs_on is not None:
            runner = self.doc.raw(runs_on).lower()
            strategy = node.value("strategy")
            # A runner from the matrix may be Windows on some legs, where pwsh is the default.
            legs = self.doc.raw(strategy).lower() if strategy is not None else ""
            job.windows = "windows" in runner or ("${{" in runner and "windows" in legs)
        outputs = node.value("outputs")
        job.outputs = outputs if outputs is not None and outputs.kind == "mapping" else None
        if job.steps_node is not None:
            for item in job.steps_node.items:
                if item.node is not None and item.node.kind == "mapping":
                    job.steps.append(Step(item, item.node))
        return job

    def _refs(self) -> Iterator[Ref]:
        text = self.doc.text.text
        for node, key in self.doc.scalars:
            raw = text[node.start : node.end]
            if "${{" not in raw:
                if key == "if":
                    yield from _refs_in(text, node.start, node.end)
                continue
            for match in _EXPRESSION.finditer(raw):
                yield from _refs_in(text, node.start + match.start(1), node.start + match.end(1))

    def scalar_of(self, step: Step, key: str) -> str | None:
        return self.doc.scalar(_value(step.get(key)))

    # --- steps of the Coder actions ------------------------------------------------------------

    def action_steps(self) -> list[ActionStep]:
        out = []
        for job in self.jobs:
            vendored = self._vendored_checkouts(job)
            for step in job.steps:
                built = self._action_step(job, step, vendored)
                if built is not None:
                    out.append(built)
        return out

    def _vendored_checkouts(self, job: Job) -> dict[str, tuple[Step, str, str | None]]:
        """``path`` → (checkout step, repository, ref) for checkouts of the Tasks action."""
        found: dict[str, tuple[Step, str, str | None]] = {}
        for step in job.steps:
            uses = self.scalar_of(step, "uses")
            if uses is None or split_uses(uses)[0].lower() != _CHECKOUT:
                continue
            inputs = _value(step.get("with"))
            if inputs is None or inputs.kind != "mapping":
                continue
            repository = self.doc.scalar(inputs.value("repository"))
            path = self.doc.scalar(inputs.value("path"))
            if repository is None or path is None or action_kind(repository) != "tasks":
                continue
            found[_local_path(path)] = (step, repository, self.doc.scalar(inputs.value("ref")))
        users: dict[str, int] = {}
        for step in job.steps:
            uses = self.scalar_of(step, "uses")
            if uses is not None and uses.startswith("./"):
                users[_local_path(uses)] = users.get(_local_path(uses), 0) + 1
        # TODO: a vendored copy used by several steps keeps its checkout step; remove it by
        # hand once every step is migrated.
        self._shared_checkouts.update(id(found[p][0]) for p in found if users.get(p, 0) > 1)
        return found

    def _action_step(
        self, job: Job, step: Step, vendored: dict[str, tuple[Step, str, str | None]]
    ) -> ActionStep | None:
        uses_node = _value(step.get("uses"))
        uses = self.doc.scalar(uses_node)
        if uses is None or uses_node is None:
            return None
        checkout: tuple[Step, str, str | None] | None = None
        if uses.startswith("./"):
            checkout = vendored.get(_local_path(uses))
            if checkout is None:
                return None
            action, ref = checkout[1], checkout[2]
        else:
            action, ref = split_uses(uses)
        if action_kind(action, self.configured_action) is None:
            return None
        note = ""
        with_pair = step.get("with")
        inputs_node = with_pair.value if with_pair is not None else None
        inputs: list[tuple[str, int, int]] = []
        if inputs_node is not None and inputs_node.kind == "mapping":
            for pair in inputs_node.pairs:
                if pair.key_text == "<<" or pair.key is None or pair.key_text is None:
                    note = "the inputs come through a YAML merge key"
                    continue
                inputs.append((pair.key_text, pair.key.start, pair.key.end))
        elif inputs_node is not None and inputs_node.kind == "alias":
            note = "the inputs come through a YAML alias"
        elif inputs_node is not None and inputs_node.kind != "null":
            note = "`with:` is not a mapping"
        editor = StepEditor(self.doc, job, step, uses_node, with_pair, checkout)
        editor.shared_checkout = checkout is not None and id(checkout[0]) in self._shared_checkouts
        built = ActionStep(
            action=action,
            ref=ref,
            spelled=uses,
            start=uses_node.start,
            end=uses_node.end,
            inputs=inputs,
            editor=editor,
            vendored=checkout is not None,
            note=note,
        )
        step_id = self.scalar_of(step, "id")
        if step_id is not None:
            built.reads = self._reads(job, step_id)
        return built

    def _reads(self, job: Job, step_id: str) -> list[OutputRead]:
        """Reads of ``steps.<step_id>.outputs``: in the job, through the job's outputs, and
        on in the jobs that read those."""
        reads: list[OutputRead] = []
        outputs = job.outputs
        in_job_outputs = set()
        if outputs is not None and job.id is not None:
            for pair in outputs.pairs:
                if pair.value is None or pair.key is None:
                    continue
                for ref in self._refs_within(pair.value.start, pair.value.end):
                    if ref.context != "steps" or not _same(ref.owner, step_id):
                        continue
                    in_job_outputs.add(id(ref))
                    reads.extend(self._through_job_output(job.id, outputs, pair, ref))
        for ref in self._refs_within(*job.scope):
            if ref.context != "steps" or not _same(ref.owner, step_id):
                continue
            if id(ref) not in in_job_outputs:
                rename = _renamer([ref.rename])
                reads.append(OutputRead(ref.name.lower(), ref.start, ref.end, rename))
        return reads

    def _through_job_output(
        self, job_id: str, outputs: Node, pair: Pair, ref: Ref
    ) -> list[OutputRead]:
        key = pair.key_text
        assert pair.key is not None and key is not None
        follows = _same(key, ref.name)
        own: list[Callable[[str], Edit | str]] = [ref.rename]
        if follows:
            own.append(lambda new: self._rename_job_output(job_id, outputs, pair, new))
        reads = [OutputRead(ref.name.lower(), ref.start, ref.end, _renamer(own))]
        via = f"job output `{key}` of `{job_id}`"
        for later in self.refs:
            if later.context not in ("needs", "jobs") or not _same(later.owner, job_id):
                continue
            if not _same(later.name, key):
                continue
            rename = _renamer([later.rename]) if follows else None
            reads.append(OutputRead(ref.name.lower(), later.start, later.end, rename, via))
        return reads

    def _rename_job_output(self, job_id: str, outputs: Node, pair: Pair, new: str) -> Edit | str:
        taken = next(
            (
                other.key_text
                for other in outputs.pairs
                if other is not pair and other.key_text is not None and _same(other.key_text, new)
            ),
            None,
        )
        if taken is not None:
            return (
                f"job `{job_id}` already has an output `{taken}`, so its output `{pair.key_text}` "
                f"cannot be renamed `{new}`"
            )
        return rename_key(self.doc, pair, new)

    def _refs_within(self, start: int, end: int) -> list[Ref]:
        return [ref for ref in self.refs if start <= ref.start and ref.end <= end]


def _renamer(parts: Sequence[Callable[[str], Edit | str]]) -> Callable[[str], Rendered]:
    """One rename made of several edits (a read and the job output key it feeds)."""

    def rename(new_name: str) -> Rendered:
        edits: list[Edit] = []
        for part in parts:
            rendered = part(new_name)
            if isinstance(rendered, str):
                return rendered
            edits.append(rendered)
        return edits

    return rename


def _refs_in(text: str, start: int, end: int) -> Iterator[Ref]:
    for match in _REF.finditer(text, start, end):
        owner_group = "owner" if match.group("owner") is not None else "owner_q"
        name_group = "name" if match.group("name") is not None else "name_q"
        yield Ref(
            context=match.group("ctx").lower(),
            owner=match.group(owner_group),
            name=match.group(name_group),
            start=match.start(),
            end=match.end(),
            name_start=match.start(name_group),
            name_end=match.end(name_group),
        )


def _same(name: str, other: str) -> bool:
    """Names in expressions (step and job ids, outputs) compare case-insensitively."""
    return name.lower() == other.lower()


def _value(pair: Pair | None) -> Node | None:
    return pair.value if pair is not None else None


def _local_path(path: str) -> str:
    return path.strip().removeprefix("./").strip("/")


class StepEditor:
    """Writes one step's migration in the file's own layout."""

    def __init__(
        self,
        doc: Document,
        job: Job,
        step: Step,
        uses: Node,
        with_pair: Pair | None,
        checkout: tuple[Step, str, str | None] | None,
    ) -> None:
        self.doc = doc
        self.job = job
        self.step = step
        self.uses = uses
        self.with_pair = with_pair
        self.checkout = checkout
        self.shared_checkout = False

    def _inputs(self) -> Node | None:
        if self.with_pair is None or self.with_pair.value is None:
            return None
        return self.with_pair.value if self.with_pair.value.kind == "mapping" else None

    def set_uses(self, action: str) -> Rendered:
        written = self.doc.scalar(self.uses) or ""
        host = uses_host(written) if self.checkout is None else ""
        return _listed(replace_scalar(self.doc, self.uses, host + action))

    def remove_pin_comment(self) -> Rendered:
        """The ``# v1.2.3`` comment that named the pinned commit's version, if any."""
        text = self.doc.text.text
        line_end = self.doc.text.line_end(self.uses.end)
        match = _PIN_COMMENT.match(text, self.uses.end, line_end)
        if match is None or self.uses.style not in ("plain", "single", "double"):
            return []
        return [Edit(match.start(), match.end(), "")]

    def rename_input(self, name: str, new_name: str) -> Rendered:
        inputs = self._inputs()
        pair = inputs.get(name) if inputs is not None else None
        if pair is None:
            return f"cannot find the input `{name}`"
        return _listed(rename_key(self.doc, pair, new_name))

    def remove_inputs(self, names: Sequence[str]) -> Rendered:
        inputs = self._inputs()
        if inputs is None:
            return "the step has no `with:` mapping"
        pairs = [pair for pair in inputs.pairs if pair.key_text in names]
        return remove_pairs(self.doc, inputs, pairs)

    def add_input(self, name: str, value: str, after: Sequence[str]) -> Rendered:
        inputs = self._inputs()
        if inputs is None or not inputs.pairs:
            return "the step has no `with:` mapping to add an input to"
        anchor = next((inputs.get(key) for key in after if inputs.get(key) is not None), None)
        return [insert_pair_after(self.doc, inputs, anchor or inputs.pairs[-1], name, value)]

    def remove_vendored_checkout(self) -> Rendered:
        if self.checkout is None or self.job.steps_node is None:
            return "no checkout step to remove"
        if self.shared_checkout:
            return []
        return _listed(remove_item(self.doc, self.job.steps_node, self.checkout[0].item))


def _listed(rendered: Edit | str) -> Rendered:
    return rendered if isinstance(rendered, str) else [rendered]
