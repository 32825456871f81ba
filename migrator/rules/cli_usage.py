"""TC301–TC302: the removed `coder task` CLI and the legacy "AI Prompt" parameter."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from migrator import coderapi
from migrator.frontends import Context
from migrator.model import Finding
from migrator.rules.base import FixAvailability, Rule, register

_CLI_LANGUAGES = frozenset({"shell", "python", "workflow", "terraform"})

TASK_CLI = register(
    Rule(
        "TC301",
        "coder-task-cli",
        "The `coder task` CLI (also `coder tasks`, `coder exp task`) is used.",
        FixAvailability.NEVER,
        """
        ## What it does
        Reports every `coder task` subcommand (`create`, `list`/`ls`, `status`/`stat`,
        `logs`, `send`, `delete`/`rm`, `pause`, `resume`) and its earlier `coder exp task`
        spelling, with the REST call that replaces it.

        ## Why
        The command was removed from Coder with the Tasks API, and there is no chat CLI
        for scripts (`coder agents` is interactive).

        ## Example
        `coder task create --template docker "Fix the tests"` becomes
        ```sh
        curl -X POST "$CODER_URL/api/experimental/chats" \\
          -H "Coder-Session-Token: $CODER_SESSION_TOKEN" -H 'Content-Type: application/json' \\
          -d '{"organization_id": "...", "content": [{"type": "text", "text": "Fix the tests"}]}'
        ```

        ## Fix safety
        No fix: the replacement needs a token, a URL and an organisation the command line
        did not spell out.

        ## Known limits
        Only the `coder` program itself is matched (a path ending in `/coder` included).
        """,
        _CLI_LANGUAGES,
        (b"task",),
    )
)
AI_PROMPT = register(
    Rule(
        "TC302",
        "ai-prompt-parameter",
        'The legacy "AI Prompt" workspace parameter is passed.',
        FixAvailability.NEVER,
        """
        ## What it does
        Reports `coder create ... --parameter "AI Prompt=..."` and code that passes the
        `"AI Prompt"` parameter when creating a workspace.

        ## Why
        Templates no longer read the prompt from a parameter; the prompt is the first
        message of a chat.

        ## Example
        Create a chat with the prompt as content, optionally bound to the workspace with
        `workspace_id`.

        ## Fix safety
        No fix.

        ## Known limits
        None.
        """,
        _CLI_LANGUAGES,
        (b"AI Prompt",),
    )
)


@dataclass
class CliUse:
    """A `coder task` invocation or an "AI Prompt" parameter, found by a front-end."""

    kind: str  # "task" or "ai-prompt"
    subcommand: str
    spelled: str  # how the command was written ("coder task", "coder exp task")
    start: int
    end: int


def check_cli(uses: Sequence[CliUse], path, context: Context) -> list[Finding]:
    target = context.settings.target
    out = []
    for use in uses:
        if use.kind == "ai-prompt":
            if context.selected(AI_PROMPT.code):
                out.append(
                    Finding(
                        AI_PROMPT.code,
                        'the "AI Prompt" parameter fed the legacy Tasks template contract; '
                        "send the prompt as a chat's first message instead "
                        f"(`{coderapi.rest_call(coderapi.Op.CREATE, target)}`)",
                        path,
                        use.start,
                        use.end,
                    )
                )
            continue
        if not context.selected(TASK_CLI.code):
            continue
        op = coderapi.CLI_SUBCOMMANDS[use.subcommand]
        extra = ""
        if op is coderapi.Op.PAUSE:
            extra = " (the workspace keeps running)"
        elif op is coderapi.Op.LOGS:
            extra = ""
        out.append(
            Finding(
                TASK_CLI.code,
                f"`{use.spelled} {use.subcommand}` was removed with the Tasks API; call "
                f"`{coderapi.rest_call(op, target)}` instead{extra}",
                path,
                use.start,
                use.end,
            )
        )
    return out
