"""TC501–TC507: Tasks wiring in Coder templates (Terraform).

The Terraform front-end plans, for a whole module directory, which blocks go and what goes
with them (``migrator.frontends.terraform_plan``); these rules say what each planned removal,
blocked removal and report-only site means to the user, and carry the fixes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from migrator import coderapi
from migrator.frontends import Context
from migrator.model import Applicability, Finding, Fix
from migrator.rules.base import FixAvailability, Rule, register

if TYPE_CHECKING:  # the Terraform modules import tree-sitter-hcl; rules load without it
    from migrator.frontends.terraform_plan import Blocker, Group, Member, Planner
    from migrator.frontends.terraform_syntax import TfFile

_TF = frozenset({"terraform"})
_AGENT_LITERALS = tuple(
    name.encode() for name in coderapi.AGENT_MODULES if name not in ("agentapi",)
) + (b"agentapi",)

AI_TASK = register(
    Rule(
        "TC501",
        "coder-ai-task",
        'A template declares `resource "coder_ai_task"`.',
        FixAvailability.SOMETIMES,
        """
        ## What it does
        Reports every `resource "coder_ai_task"` in a Terraform module, in both forms (the
        `sidebar_app { id = ... }` block of provider 2.7 and the `app_id = ...` argument of
        2.12 and later), with or without `count` or `for_each`. The fix removes the block
        with its own leading comment lines. References to attributes the resource does not
        have (`coder_ai_task.x.foo`, `data.coder_ai_task...`) are reported without a fix.

        ## Why
        Coder Agents run the agent loop in the control plane and use any template as plain
        compute: a template needs no task resource, and servers without Tasks reject it.

        ## Example
        ```hcl
        resource "coder_ai_task" "task" {
          count  = data.coder_workspace.me.start_count
          app_id = module.claude-code[count.index].task_app_id
        }
        ```
        is removed; the agent module it points at is TC506's.

        ## Fix safety
        Safe when nothing else refers to the resource, or only things that go with it. A
        `coder_metadata` (or another decoration) that points at it goes too, and that makes
        the fix unsafe (TC507). A reference the removal cannot resolve (inside a larger
        expression, in a file that is read but not edited) leaves the finding without a fix
        and names the reference.

        ## Known limits
        A `coder_app` that only served the task's sidebar is kept: nothing in the template
        says it served nobody else. `.tf.json` files are not read. Per-file ignores of a
        sibling file are not consulted when deciding this file's share of a removal
        (suppression comments are).
        """,
        _TF,
        (b"coder_ai_task",),
    )
)
TASK_DATA = register(
    Rule(
        "TC502",
        "coder-task-data-source",
        'A template reads `data "coder_task"`.',
        FixAvailability.SOMETIMES,
        """
        ## What it does
        Reports `data "coder_task"` blocks and removes them together with the arguments and
        map entries whose whole value is a reference to them (`ai_prompt =
        data.coder_task.me.prompt` on an agent module, a prompt env entry).

        ## Why
        The data source exposes the task's prompt and whether the workspace runs a task.
        With Chats the prompt is the chat's first message and no workspace runs "as" a
        task.

        ## Example
        ```hcl
        data "coder_task" "me" {}
        module "claude-code" {
          # ...
          ai_prompt = data.coder_task.me.prompt
        }
        ```
        loses the data block and the `ai_prompt` line.

        ## Fix safety
        Safe when every reference is the whole value of an argument or map entry. A local
        built from it (`join()`, a conditional) is removed as a dependent (TC507, unsafe)
        when nothing else needs the local. Other references (`count =
        data.coder_task.me.enabled ? 1 : 0` on a kept block, an argument of a child module
        whose variable is required) block the fix; each is reported at its place.

        ## Known limits
        A child module's variables and outputs are its interface: the tool does not remove
        them, because callers outside the directory still pass and read them.
        """,
        _TF,
        (b"coder_task",),
    )
)
AI_PROMPT_PARAMETER = register(
    Rule(
        "TC503",
        "ai-prompt-parameter-declared",
        'A template declares the legacy `"AI Prompt"` parameter.',
        FixAvailability.SOMETIMES,
        """
        ## What it does
        Reports `data "coder_parameter"` blocks whose `name` is `"AI Prompt"` (the Tasks
        contract before Coder 2.28) and removes them with the env entries that only pass
        the value on (`CODER_MCP_CLAUDE_TASK_PROMPT` in the agent's `env`, inside `merge()`,
        or as a `coder_env` resource).

        ## Why
        The prompt is no longer a workspace parameter: Chats carry it as the first message.

        ## Example
        ```hcl
        data "coder_parameter" "ai_prompt" {
          name    = "AI Prompt"
          type    = "string"
          default = ""
          mutable = true
        }
        ```

        ## Fix safety
        Safe when every reference is the whole value of an env entry or argument; otherwise
        the finding names the reference that blocks the removal.

        ## Known limits
        Only the literal name `"AI Prompt"` is recognised.
        """,
        _TF,
        (b"AI Prompt",),
    )
)
TASK_INPUT = register(
    Rule(
        "TC504",
        "agent-module-tasks-input",
        "An agent module is given a Tasks input (`ai_prompt`, `task_prompt`, `report_tasks`, "
        "`experiment_report_tasks`).",
        FixAvailability.SOMETIMES,
        """
        ## What it does
        Reports the Tasks inputs of agent modules. An input whose whole value is a removed
        thing (`ai_prompt = data.coder_task.me.prompt`) goes with it. `report_tasks` and
        `experiment_report_tasks` are removed on their own, except on claude-code and codex
        4.x: their next major (5.0.0) dropped the Tasks inputs together with other changes
        (claude-code takes its key as `anthropic_api_key`), so there the inputs are only
        reported and the way out is removing the module (TC506) or upgrading it. On a
        version constraint that only allows majors without Tasks, the input does not exist
        and is reported. A prompt input fed by anything else is reported.

        ## Why
        Without Tasks nobody reads the prompt input or the status reports.

        ## Example
        `report_tasks = true` on `registry.coder.com/coder/aider/coder` is removed.

        ## Fix safety
        Removing an input fed by a removed block is safe. Removing `report_tasks` is unsafe:
        the module then stops reporting status, which a person may still watch.

        ## Known limits
        Arguments of local child modules (`source = "../modules/x"`) are judged by the
        child's variables: an optional variable's argument goes, a required one blocks the
        removal. Arguments of other modules whose variables cannot be read block it too.
        """,
        _TF,
        (b"ai_prompt", b"task_prompt", b"report_tasks"),
    )
)
PROMPT_ENV = register(
    Rule(
        "TC505",
        "task-prompt-env",
        "An env entry passes Tasks wiring (`CODER_MCP_*_TASK_PROMPT`, `GOOSE_TASK_PROMPT`, "
        "`GEMINI_TASK_PROMPT`, `AMP_TASK_PROMPT`, `CODER_MCP_APP_STATUS_SLUG`).",
        FixAvailability.SOMETIMES,
        """
        ## What it does
        Reports env entries with these names in an agent's `env` map, in a `merge()`
        argument, in a local map, or as a `coder_env` resource. An entry is removed with
        what it passes on (the `"AI Prompt"` parameter, `data.coder_task`); the status slug
        goes with the agent module it names.

        ## Why
        The agent in the workspace read its task from these variables. With Chats there is
        no task in the workspace.

        ## Example
        ```hcl
        env = merge(local.base_env, {
          CODER_MCP_CLAUDE_TASK_PROMPT = data.coder_parameter.ai_prompt.value
        })
        ```
        becomes `env = merge(local.base_env)`.

        ## Fix safety
        It shares the safety of the removal it belongs to. An entry that passes something
        the tool does not remove (a variable, a literal) is reported without a fix.

        ## Known limits
        Env names built at run time (`"${local.prefix}_TASK_PROMPT"`) are not recognised.
        """,
        _TF,
        (b"TASK_PROMPT", b"CODER_MCP_APP_STATUS_SLUG"),
    )
)
AGENT_MODULE = register(
    Rule(
        "TC506",
        "tasks-agent-module",
        "An agent module is wired for Tasks, or an LLM key is passed into the workspace for it.",
        FixAvailability.SOMETIMES,
        """
        ## What it does
        Reports the agent modules of the reference table (claude-code, codex, aider, goose,
        amazon-q, gemini, auggie, copilot, cursor-cli, opencode, sourcegraph-amp, kiro-cli,
        agentapi) when they are wired for Tasks: given a Tasks input, in a module with other
        Tasks wiring, or (claude-code and codex up to 4.x, which report to Tasks by default)
        at a version with Tasks. Each is removed with the LLM key variables and the env
        entries that only fed it (its key, `CODER_MCP_APP_STATUS_SLUG`, the legacy
        `CODER_MCP_CLAUDE_*` settings), and with the blocks that point at it. A template
        variable named like an LLM key (`anthropic_api_key`, `openai_api_key`, ...) that
        nothing reads is reported too: it still asks for a key on every push.

        ## Why
        Coder Agents run the agent loop in the control plane, and LLM credentials are
        configured there (Agents, Admin, Providers): they no longer enter the workspace.

        ## Example
        `module "claude-code" { source = "registry.coder.com/coder/claude-code/coder" ... }`
        and `variable "anthropic_api_key" {}` are removed.

        ## Fix safety
        Unsafe: people may still use the agent in the workspace by hand, and the key
        variable's value stops being asked for.

        ## Known limits
        A module in a child module directory is reported without a fix when outputs of the
        directory read it: callers elsewhere use them, so its author must publish a new
        major version. A directory counts as a template (not a child module) when it
        declares a `coder_agent`. Locals and variables other than LLM keys that only fed
        the module are left in place (unused, harmless).
        """,
        _TF,
        _AGENT_LITERALS
        + tuple(name.encode() for name in coderapi.LLM_KEY_ENV)
        + tuple(name.encode() for name in coderapi.LLM_KEY_VARIABLES),
    )
)
DEPENDENT = register(
    Rule(
        "TC507",
        "tasks-dependent",
        "A block exists only for something a Tasks removal takes away.",
        FixAvailability.SOMETIMES,
        """
        ## What it does
        Reports what must go with a removal because it only exists for the removed thing: a
        `coder_metadata` whose `resource_id` points at the task resource, a `coder_app`,
        `coder_script` or `coder_env` whose `count` or `for_each` depends on the task, a
        local built from the prompt, an output of a template that returns it. They are
        removed in the same fix as the block they depend on.

        ## Why
        Leaving them would leave a reference to a block that no longer exists.

        ## Example
        ```hcl
        resource "coder_metadata" "task" {
          resource_id = coder_ai_task.task[0].id
          item { key = "agent", value = "claude" }
        }
        ```

        ## Fix safety
        Unsafe: these blocks may show something a person still looks at.

        ## Known limits
        Outputs of a child module are never removed (callers read them).
        """,
        _TF,
        (b"coder_ai_task", b"coder_task", b"AI Prompt"),
    )
)

_REASONS = {
    "expression": "uses it inside a larger expression, which a removal cannot resolve alone",
    "argument": "passes it to an argument that cannot simply be dropped",
    "meta-argument": "uses it in a meta-argument",
    "unknown-module": "passes it to a module whose inputs the tool cannot see",
    "required-input": "passes it to a child module whose variable for it is required; the "
    "module's author must publish a version without it",
    "child-output": "returns it from an output that callers of this module read; its author "
    "must publish a new major version without it",
    "read-only": "is in a file that is read, not edited, in this run",
    "suppressed": "carries a suppression comment there, so it stays",
    "top-level": "uses it",
}


def _where(file: TfFile, offset: int, here: TfFile) -> str:
    line = file.line_of(offset) + 1
    if file is here:
        return f"line {line}"
    return f"{file.path.name}:{line}"


def _blocker_text(blocker: Blocker, here: TfFile) -> str:
    ref = blocker.ref
    place = _where(ref.file, ref.start, here)
    return f"`{blocker.text}` at {place} {_REASONS.get(blocker.reason, blocker.reason)}"


def _seed_message(group: Group, here: TfFile) -> str:
    seed = group.seed
    label = f"`{seed.label}`"
    if seed.code == "TC501":
        head = (
            f"{label} declares a Tasks resource; Coder Agents need nothing in the template "
            "(a chat uses any workspace as plain compute)"
        )
    elif seed.code == "TC502":
        head = (
            f"{label} reads the task's prompt; with Chats the prompt is the chat's first message"
        )
    elif seed.code == "TC503":
        head = (
            f'{label} is the legacy "AI Prompt" parameter; with Chats the prompt is the '
            "chat's first message"
        )
    elif seed.kind == "unused-key":
        head = (
            f"{label} holds an LLM key that nothing in the template reads; with Coder Agents, "
            "keys are configured in the control plane (Agents, Admin, Providers)"
        )
    elif seed.code == "TC506":
        module = seed.agent.name if seed.agent else "an agent module"
        head = (
            f"{label} ({module}) runs an agent in the workspace for Tasks; Coder Agents run "
            "the agent loop in the control plane, with LLM keys configured there"
        )
    else:
        owner = f"`{seed.owner}`" if seed.owner else "an agent module"
        head = (
            f"{label} makes {owner} report its status to Tasks, which nothing reads once "
            "Tasks are gone; without it the module no longer reports"
        )
    return head + _outcome(group, here)


def _outcome(group: Group, here: TfFile) -> str:
    if group.blockers:
        return "; not removed: " + _blocker_text(group.blockers[0], here)
    if group.unselected:
        codes = sorted({m.code for m in group.unselected if m.code})
        return f"; not removed: it would also remove what {', '.join(codes)} reports"
    if group.broken:
        return (
            "; not removed: part of the module could not be parsed, so a reference to it "
            "may be hidden there"
        )
    dependents = [m for m in group.members if m.role in ("dependent", "merged")]
    if dependents:
        names = ", ".join(f"`{m.label}` ({_where(m.file, m.start, here)})" for m in dependents[:3])
        verb = "points" if len(dependents) == 1 else "point"
        return f"; removing it also removes {names}, which {verb} at it"
    return ""


def _member_message(member: Member, group: Group, here: TfFile) -> str:
    seed = f"`{group.seed.label}`"
    label = f"`{member.label}`"
    fed = f"`{member.via.text}`" if member.via is not None else "it"
    if member.role == "dependent":
        target = f"`{member.via.address}`" if member.via is not None else seed
        reads = f" (it reads {fed})" if fed != target else ""
        head = f"{label} exists only for {target}{reads}"
    elif member.role == "feeds" and member.code == "TC505":
        head = f"{label} names the app that reported status to Tasks for {seed}"
    elif member.role == "feeds" and not _is_key(member):
        head = f"{label} configured the agent of {seed} for Tasks"
    elif member.role == "feeds":
        head = (
            f"{label} carries an LLM key into the workspace for {seed}; with Coder Agents, "
            "keys are configured in the control plane"
        )
    elif member.code == "TC505":
        head = f"{label} passes {fed} into the workspace as the task prompt"
    elif member.code == "TC504":
        owner = f"`{member.owner}`" if member.owner else "a module"
        head = f"{label} passes {fed} to {owner} as the task prompt"
    elif member.code == "TC506":
        head = f"{label} passes the LLM key {fed} into the workspace"
    else:
        head = f"{label} only passes on {fed}"
    if group.fixable:
        return f"{head}; it goes with {seed}"
    return f"{head}; it goes when {seed} can go" + _outcome(group, here)


def _is_key(member: Member) -> bool:
    if member.address and member.address.startswith("var."):
        return True
    return member.label in coderapi.LLM_KEY_ENV


def _blocker_message(blocker: Blocker, group: Group) -> str:
    seed = f"`{group.seed.label}`"
    return (
        f"`{blocker.text}` keeps {seed} ({group.seed.code}) from being removed: it "
        f"{_REASONS.get(blocker.reason, blocker.reason)}; once it reads something else, "
        f"{seed} can go"
    )


def _title(group: Group) -> str:
    return f"Remove `{group.seed.label}` ({group.seed.code})"


def check_module(planner: Planner, here: TfFile, context: Context) -> list[Finding]:
    """Findings for the file ``here`` from the plan of its whole module."""
    from migrator.frontends.terraform_edits import removal_edits

    path = here.path
    findings: list[Finding] = []
    allowed = allowed_groups(context)
    # The fix each member's finding carries, by member.
    member_fix: dict[tuple[str, int, int], Fix | None] = {}
    for component in _components(planner.groups, allowed):
        in_here = [m for group in component for m in group.members_in(here)]
        # Order across files matters only for what this run applies.
        applied = all(allowed(group) for group in component)
        ready = [m for m in in_here if not applied or _ready(m, component)]
        fix = None
        if ready:
            unsafe = any(group.unsafe for group in component)
            safety = Applicability.UNSAFE if unsafe else Applicability.SAFE
            edits = removal_edits(here, [m.node for m in ready])
            fix = Fix(safety, tuple(edits), _title(component[0])) if edits else None
        ready_keys = {m.key for m in ready}
        for member in in_here:
            member_fix.setdefault(member.key, fix if member.key in ready_keys else None)
    emitted: set[tuple[str, int, int]] = set()
    for group in planner.groups:
        seed = group.seed
        if seed.file is here and seed.code and seed.key not in emitted:
            emitted.add(seed.key)
            findings.append(
                Finding(
                    seed.code,
                    _seed_message(group, here),
                    path,
                    seed.start,
                    seed.end,
                    member_fix.get(seed.key) if group.fixable else None,
                )
            )
    for group in sorted(planner.groups, key=lambda g: len(g.members)):
        for member in group.members_in(here):
            if member.role in ("seed", "merged") or member.code is None:
                continue
            if member.key in emitted or not context.selected(member.code):
                continue
            emitted.add(member.key)
            findings.append(
                Finding(
                    member.code,
                    _member_message(member, group, here),
                    path,
                    member.start,
                    member.end,
                    member_fix.get(member.key) if group.fixable else None,
                )
            )
    blocked_at: set[tuple[str, int]] = set()
    for group in planner.groups:
        code = group.seed.code or ""
        for blocker in group.blockers:
            ref = blocker.ref
            if ref.file is not here or blocker.reason == "read-only":
                continue
            if (code, ref.start) in blocked_at or not context.selected(code):
                continue
            blocked_at.add((code, ref.start))
            findings.append(
                Finding(code, _blocker_message(blocker, group), path, ref.start, ref.end)
            )
    for note in planner.notes:
        if note.file is here and context.selected(note.code):
            findings.append(Finding(note.code, note.message, path, note.start, note.end))
    return findings


def _components(groups: list[Group], allowed: Callable[[Group], bool]) -> list[list[Group]]:
    """Fixable groups, joined when the run applies them and they remove something in common.

    A run that applies both would otherwise apply whichever comes first and lose the other
    once its reason to exist is gone; joined, they are one fix. Without a fix mode every
    group stands alone, so each finding shows its own safety.
    """
    fixable = [group for group in groups if group.fixable]
    parent = list(range(len(fixable)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for i, first in enumerate(fixable):
        if not allowed(first):
            continue
        for j in range(i + 1, len(fixable)):
            second = fixable[j]
            if allowed(second) and _overlap(first, second):
                parent[root(j)] = root(i)
    out: dict[int, list[Group]] = {}
    for index, group in enumerate(fixable):
        out.setdefault(root(index), []).append(group)
    return list(out.values())


def _ready(member: Member, component: list[Group]) -> bool:
    """Whether ``member`` can go now without a sibling file losing what it refers to.

    Something another file's member still refers to waits until that file has removed its
    part (the engine checks the module's files again); a seed also waits for the entries in
    other files that only fed it, so that they are still known to be its when their file's
    turn comes.
    """
    if _referred_from_elsewhere(member, component):
        return False
    if member.role != "seed":
        return True
    for group in component:
        if group.seed.key != member.key:
            continue
        for other in group.members:
            if other.file is member.file or other.role != "feeds":
                continue
            if not _referred_from_elsewhere(other, component):
                return False
    return True


def _referred_from_elsewhere(member: Member, component: list[Group]) -> bool:
    if not member.address:
        return False
    return any(
        other.file is not member.file and other.refers_to(member.address)
        for group in component
        for other in group.members
    )


def _overlap(first: Group, second: Group) -> bool:
    for a in first.members:
        for b in second.members:
            if a.key[0] == b.key[0] and a.key[1] < b.key[2] and b.key[1] < a.key[2]:
                return True
    return False


def allowed_groups(context: Context) -> Callable[[Group], bool]:
    """Which groups a run in ``context`` applies (for validating a sibling's edit)."""
    from migrator.settings import FixMode

    mode = context.settings.fix_mode

    def allowed(group: Group) -> bool:
        if mode is FixMode.NONE:
            return False
        return mode is FixMode.UNSAFE or not group.unsafe

    return allowed
