"""TC401–TC403: the Tasks GitHub action, its outputs, and chat-action steps still passing
inputs the chat action no longer has.

The workflow front-end finds the steps and every read of their outputs, and hands each as
an ``ActionStep`` whose ``editor`` writes edits in the file's own layout; the decisions
(what is renamed, dropped, added, and how safe that is) are made here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from migrator import coderapi
from migrator.frontends import Context
from migrator.model import Applicability, Edit, Finding, Fix
from migrator.rules.base import FixAvailability, Rule, register

_WORKFLOW = frozenset({"workflow"})
_TASK_ACTION_LITERALS = tuple(name.split("/")[1].encode() for name in coderapi.TASK_ACTIONS)
_CHAT_ACTION_LITERALS = tuple(name.split("/")[1].encode() for name in coderapi.CHAT_ACTIONS)
_USES_HOST = re.compile(r"https?://[^/@\s]+/")
_COMMIT_SHA = re.compile(r"[0-9a-fA-F]{40}|[0-9a-fA-F]{64}")

TASK_ACTION = register(
    Rule(
        "TC401",
        "create-task-action",
        "A workflow step uses `coder/create-task-action` (or an earlier name, or a vendored "
        "copy).",
        FixAvailability.SOMETIMES,
        """
        ## What it does
        Finds steps that run `coder/create-task-action` at any ref, its early names
        `coder/create-coder-task` and `coder/start-coder-task`, and vendored copies (an
        `actions/checkout` step with `repository: coder/create-task-action` followed by
        `uses: ./<that path>`). The fix switches the step to the chat action
        (`coder/agents-chat-action@v0`, configurable with `action`), renames its inputs,
        and renames every read of its outputs (TC402) in the same change.

        ## Why
        The action calls the Tasks API, which is removed from Coder. The chat action starts a
        Coder Agents chat instead. Its inputs differ from the migration guide's example: the
        guide still shows inputs that the action's v0 no longer accepts.

        ## Example
        ```yaml
        - uses: coder/create-task-action@v0
          with:
            coder-url: ${{ secrets.CODER_URL }}
            coder-token: ${{ secrets.CODER_TOKEN }}
            coder-template-name: my-template
            coder-task-prompt: Fix ${{ github.event.issue.html_url }}
            github-issue-url: ${{ github.event.issue.html_url }}
            github-token: ${{ github.token }}
        ```
        becomes
        ```yaml
        - uses: coder/agents-chat-action@v0
          with:
            coder-url: ${{ secrets.CODER_URL }}
            coder-token: ${{ secrets.CODER_TOKEN }}
            coder-organization: default
            chat-prompt: Fix ${{ github.event.issue.html_url }}
            github-url: ${{ github.event.issue.html_url }}
            github-token: ${{ github.token }}
        ```
        `coder-task-prompt` becomes `chat-prompt` (its value untouched), `github-issue-url`
        becomes `github-url`; `coder-url`, `coder-token`, `github-token` and
        `comment-on-issue` stay. `coder-organization` stays and is added as `default` when
        absent: the old action defaulted to it, the chat action does not.
        `coder-template-name`, `coder-template-preset` and `coder-task-name-prefix` are
        removed: the agent picks a template; to pin a pre-created workspace, pass
        `workspace-id`.

        ## Fix safety
        Safe for a step that acts as the token holder. Unsafe, for the whole step, when it
        sets `github-user-id` or `coder-username`: the task was created for that user, but
        a chat always belongs to the holder of `coder-token`, so the inputs are removed. Also
        unsafe when the action is pinned by commit SHA (the pin cannot cross repositories:
        pin the chat action's own commit after reviewing it) or when a read of `task-name`
        is renamed to `chat-id` (a name becomes a UUID). A step is never half migrated.

        ## Known limits
        With `--target v2` the step is still reported and migrated, but the chat action's
        v0 itself calls `/api/experimental/chats`, which Coder serves only up to 2.37.
        Inputs given through a YAML alias or merge key are not rewritten (the step is
        reported without a fix). The vendored form is recognised within one job; when
        several steps use the same vendored copy, its checkout step stays and is yours to
        remove once every step is migrated. Gitea's full-URL form
        (`https://github.com/coder/create-task-action@v0`) keeps its host.
        """,
        _WORKFLOW,
        _TASK_ACTION_LITERALS,
    )
)
TASK_ACTION_OUTPUT = register(
    Rule(
        "TC402",
        "task-action-output",
        "An output of the Tasks action is read (`steps.<id>.outputs.task-url` ...).",
        FixAvailability.SOMETIMES,
        """
        ## What it does
        Finds reads of the Tasks action's outputs wherever they are: `if:`, `with:`,
        `env:`, `run:` text, job `outputs:`, and on through `needs.<job>.outputs.<name>`
        in later jobs (and `jobs.<job>.outputs.<name>` in a reusable workflow's outputs).
        `task-url` becomes `chat-url`, `task-created` becomes `chat-created`, `task-name`
        becomes `chat-id`; `coder-username` keeps its name.

        ## Why
        The chat action names its outputs after chats; a read of a missing output is an
        empty string, so a workflow would go on with no URL and no error.

        ## Example
        `echo "${{ steps.task.outputs.task-url }}"` becomes
        `echo "${{ steps.task.outputs.chat-url }}"`, in the same fix as the step's own
        migration. A job output `task-url: ${{ steps.task.outputs.task-url }}` is renamed
        `chat-url` with the `needs.<job>.outputs.task-url` reads that use it.

        ## Fix safety
        Part of its step's fix (TC401 or TC403), with that fix's safety. `task-name` →
        `chat-id` makes the fix unsafe: the value was a task name and is now a chat UUID.
        `coder-username` now names the token holder, not the GitHub user the task was
        created for.

        ## Known limits
        Job outputs are followed one hop (`needs.<job>.outputs`); a job output whose name
        differs from the action output keeps its name, and its reads are reported only. A
        job output that would be renamed onto an output the job already has (both
        `task-url` and `chat-url`) is reported without a fix, for the step as a whole.
        The public outputs of a reusable workflow or composite action keep their names,
        since their callers live elsewhere.
        """,
        _WORKFLOW,
        _TASK_ACTION_LITERALS + _CHAT_ACTION_LITERALS,
    )
)
STALE_CHAT_INPUTS = register(
    Rule(
        "TC403",
        "chat-action-stale-inputs",
        "A chat-action step passes inputs the chat action no longer has.",
        FixAvailability.SOMETIMES,
        """
        ## What it does
        Finds steps on `coder/agents-chat-action` (or its earlier name
        `coder/create-agent-chat-action`, which counts as migrated) that still pass Tasks-era
        inputs, as the migration guide's example does: `github-issue-url` (now
        `github-url`), `github-user-id` and `coder-username` (removed), and the Tasks
        action's own inputs.

        ## Why
        The action's v0 rejects or ignores them: `github-url` is required, and the chat
        owner is always the token holder.

        ## Example
        `github-issue-url: ${{ github.event.issue.html_url }}` becomes
        `github-url: ${{ github.event.issue.html_url }}`; a `github-user-id:` line is
        removed.

        ## Fix safety
        Safe for renames; unsafe for the whole step when `github-user-id` or
        `coder-username` is removed, since whom the chat belongs to changes.

        ## Known limits
        Inputs the chat action never had and that did not belong to the Tasks action are
        left to the action's own validation.
        """,
        _WORKFLOW,
        _CHAT_ACTION_LITERALS,
    )
)


# --- what the front-end hands in -----------------------------------------------------------

Rendered = list[Edit] | str  # edits, or why they cannot be written


class StepEditor(Protocol):
    def set_uses(self, action: str) -> Rendered: ...

    def remove_pin_comment(self) -> Rendered: ...

    def rename_input(self, name: str, new_name: str) -> Rendered: ...

    def remove_inputs(self, names: Sequence[str]) -> Rendered: ...

    def add_input(self, name: str, value: str, after: Sequence[str]) -> Rendered: ...

    def remove_vendored_checkout(self) -> Rendered: ...


@dataclass
class OutputRead:
    """A read of one of the step's outputs; ``via`` says how it got there when it is not
    direct (a job output, a `needs` read). ``rename`` writes the read with a new output
    name, or is ``None`` when the read keeps its own name (a job output named apart)."""

    output: str
    start: int
    end: int
    rename: Callable[[str], Rendered] | None
    via: str = ""


@dataclass
class ActionStep:
    """A step that runs the Tasks action or the chat action."""

    action: str  # owner/name, as written
    ref: str | None
    spelled: str  # the `uses:` value as written
    start: int
    end: int
    inputs: list[tuple[str, int, int]]  # name and the span of its key, in order
    editor: StepEditor
    reads: list[OutputRead] = field(default_factory=list)
    vendored: bool = False
    note: str = ""  # why the step cannot be rewritten, when the front-end knows


def action_kind(name: str, configured: str = coderapi.DEFAULT_CHAT_ACTION) -> str | None:
    """``"tasks"``, ``"chats"`` or ``None`` for an action's owner/name; the configured chat
    action (a mirror, a fork) counts as the chat action."""
    lowered = name.lower()
    if lowered in coderapi.TASK_ACTIONS:
        return "tasks"
    if lowered in coderapi.CHAT_ACTIONS or lowered == split_uses(configured)[0].lower():
        return "chats"
    return None


def split_uses(uses: str) -> tuple[str, str | None]:
    """``owner/name[/path]@ref`` → (``owner/name``, ref). Gitea and Forgejo also accept a
    full URL (``https://github.com/owner/name@ref``)."""
    name, _, ref = uses_without_host(uses).partition("@")
    parts = name.split("/")
    return "/".join(parts[:2]), ref or None


def uses_host(uses: str) -> str:
    """The ``https://host/`` that Gitea and Forgejo allow before an action, or ``""``."""
    match = _USES_HOST.match(uses)
    return match.group(0) if match else ""


def uses_without_host(uses: str) -> str:
    return uses[len(uses_host(uses)) :]


# --- the checks ----------------------------------------------------------------------------------


class _Plan:
    """The edits of one step's migration, collected until one of them cannot be written."""

    def __init__(self) -> None:
        self.edits: list[Edit] = []
        self.refusal: str | None = None
        self.unsafe: list[str] = []

    def add(self, rendered: Rendered) -> None:
        if isinstance(rendered, str):
            self.refusal = self.refusal or rendered
        else:
            self.edits.extend(rendered)

    def fix(self, title: str) -> Fix | None:
        if self.refusal is not None or not self.edits:
            return None
        safety = Applicability.UNSAFE if self.unsafe else Applicability.SAFE
        return Fix(safety, tuple(self.edits), title)


def _migrate_inputs(step: ActionStep, plan: _Plan, notes: list[str]) -> None:
    names = [name for name, _start, _end in step.inputs]
    renamed = []
    for old, new in coderapi.ACTION_INPUT_RENAMES.items():
        if old not in names:
            continue
        if new in names:
            plan.add(step.editor.remove_inputs([old]))
            notes.append(f"`{old}` removed: `{new}` is already set")
            continue
        plan.add(step.editor.rename_input(old, new))
        renamed.append(f"`{old}` → `{new}`")
    if renamed:
        notes.append("renamed " + ", ".join(renamed))
    dropped = [name for name in names if name in coderapi.ACTION_INPUTS_DROPPED]
    identity = [name for name in names if name in coderapi.ACTION_IDENTITY_INPUTS]
    if dropped or identity:
        plan.add(step.editor.remove_inputs(dropped + identity))
    if dropped:
        notes.append(
            f"removed {', '.join(f'`{n}`' for n in dropped)}: the agent picks the template; "
            "to pin a pre-created workspace, pass `workspace-id`"
        )
    if identity:
        spelled = ", ".join(f"`{n}`" for n in identity)
        notes.append(
            f"removed {spelled}: a chat belongs to the holder of `coder-token`, not to the "
            "user the task was created for"
        )
        plan.unsafe.append("identity")


def _migrate_reads(step: ActionStep, plan: _Plan) -> list[tuple[OutputRead, str]]:
    """Rename the reads; answer each read with the message its finding carries."""
    out = []
    for read in step.reads:
        new = coderapi.ACTION_OUTPUT_RENAMES.get(read.output)
        via = f" (through {read.via})" if read.via else ""
        if new is None:
            if read.output == "coder-username":
                message = (
                    f"`coder-username`{via} is kept by the chat action but now names the "
                    "token holder, not the GitHub user the task was created for"
                )
                out.append((read, message))
            continue
        if read.rename is not None:
            rendered = read.rename(new)
            plan.add(rendered)
            message = f"`{read.output}`{via} is `{new}` on the chat action"
            if isinstance(rendered, str):
                message += f" (not rewritten: {rendered})"
        else:
            message = (
                f"this reads the step's `{read.output}`{via}, which is `{new}` on the chat "
                "action; the name read here stays"
            )
        if read.output == "task-name":
            plan.unsafe.append("task-name")
            message += "; it held a task name and now holds a chat UUID"
        out.append((read, message))
    return out


def _read_findings(
    reads: list[tuple[OutputRead, str]], fix: Fix | None, path: Path, context: Context
) -> list[Finding]:
    if not context.selected(TASK_ACTION_OUTPUT.code):
        return []
    return [
        Finding(TASK_ACTION_OUTPUT.code, message, path, read.start, read.end, fix)
        for read, message in reads
    ]


def _refused(plan: _Plan, step: ActionStep) -> str:
    reason = step.note or plan.refusal
    return f" (not rewritten: {reason})" if reason else ""


def check_task_step(step: ActionStep, path: Path, context: Context) -> list[Finding]:
    settings = context.settings
    plan = _Plan()
    notes: list[str] = []
    if step.vendored:
        removal = step.editor.remove_vendored_checkout()
        plan.add(removal)
        if removal == []:
            notes.append(
                f"the checkout of `{step.action}` stays while other steps use that copy; "
                "remove it once none does"
            )
        else:
            notes.append(f"the checkout of `{step.action}` is removed")
    plan.add(step.editor.set_uses(settings.action))
    if step.ref is not None and _COMMIT_SHA.fullmatch(step.ref):
        plan.unsafe.append("sha")
        notes.append(
            "it was pinned by commit SHA and a pin cannot cross repositories: review the "
            "chat action and pin its own commit"
        )
        comment = step.editor.remove_pin_comment()
        plan.add(comment)
        if comment:
            notes.append("the comment naming the pinned version is removed")
    _migrate_inputs(step, plan, notes)
    names = [name for name, _start, _end in step.inputs]
    if "coder-organization" not in names:
        plan.add(
            step.editor.add_input("coder-organization", "default", ("coder-token", "coder-url"))
        )
        notes.append(
            "`coder-organization: default` added: the Tasks action defaulted to it, the chat "
            "action does not"
        )
    reads = _migrate_reads(step, plan)
    if step.note:
        plan.refusal = step.note
    fix = plan.fix("Migrate to the chat action (TC401)")
    if settings.target == "v2":
        notes.append(
            "the chat action itself still calls "
            f"`{coderapi.chats_prefix('experimental')}`, which works up to Coder 2.37"
        )
    message = (
        f"`{step.spelled}` creates a Coder task through the removed Tasks API; use "
        f"`{settings.action}`"
    )
    if notes:
        message += ": " + "; ".join(notes)
    message += _refused(plan, step)
    findings = []
    if context.selected(TASK_ACTION.code):
        findings.append(Finding(TASK_ACTION.code, message, path, step.start, step.end, fix))
    findings.extend(_read_findings(reads, fix, path, context))
    return findings


def check_chat_step(step: ActionStep, path: Path, context: Context) -> list[Finding]:
    stale = [
        (name, start, end)
        for name, start, end in step.inputs
        if name not in coderapi.CHAT_ACTION_INPUTS
        and (
            name in coderapi.ACTION_INPUT_RENAMES
            or name in coderapi.ACTION_INPUTS_DROPPED
            or name in coderapi.ACTION_IDENTITY_INPUTS
        )
    ]
    stale_reads = [read for read in step.reads if read.output in coderapi.ACTION_OUTPUT_RENAMES]
    if not stale and not stale_reads:
        return []
    plan = _Plan()
    notes: list[str] = []
    _migrate_inputs(step, plan, notes)
    step.reads = stale_reads
    reads = _migrate_reads(step, plan)
    if step.note:
        plan.refusal = step.note
    fix = plan.fix("Drop the chat action's stale inputs (TC403)")
    findings = []
    if stale and context.selected(STALE_CHAT_INPUTS.code):
        spelled = ", ".join(f"`{name}`" for name, _s, _e in stale)
        message = f"`{step.spelled}` has no input {spelled}"
        if notes:
            message += ": " + "; ".join(notes)
        message += _refused(plan, step)
        _name, start, end = stale[0]
        findings.append(Finding(STALE_CHAT_INPUTS.code, message, path, start, end, fix))
    findings.extend(_read_findings(reads, fix, path, context))
    return findings


def check_steps(steps: Sequence[ActionStep], path: Path, context: Context) -> list[Finding]:
    findings: list[Finding] = []
    for step in steps:
        kind = action_kind(step.action, context.settings.action)
        if kind == "tasks":
            findings.extend(check_task_step(step, path, context))
        elif kind == "chats":
            findings.extend(check_chat_step(step, path, context))
    return findings
