"""TC101–TC112 and TC201–TC205: Tasks HTTP calls and the reads of their responses.

Written once against the language-neutral call model (``migrator.callmodel``); every
front-end that finds HTTP calls hands them to ``check_calls``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from migrator import coderapi
from migrator.callmodel import (
    CallRewrite,
    EnvRef,
    HttpCall,
    JArray,
    JObject,
    JRaw,
    JStr,
    JValue,
    Lit,
    ResponseRead,
)
from migrator.coderapi import Endpoint, Op
from migrator.frontends import Context
from migrator.model import Applicability, Edit, Finding, Fix
from migrator.rules.base import FixAvailability, Rule, register

_HTTP_LANGUAGES = frozenset({"shell", "python", "workflow", "terraform"})
_TASKS_LITERALS = (b"/tasks", b"/aitasks")


def _rule(code: str, name: str, summary: str, fix: FixAvailability, doc: str) -> Rule:
    literals = _TASKS_LITERALS if code != "TC112" else (b"/experimental/chats",)
    return register(Rule(code, name, summary, fix, doc, _HTTP_LANGUAGES, literals))


LIST = _rule(
    "TC101",
    "list-tasks",
    "A call lists tasks (`GET /api/v2/tasks`).",
    FixAvailability.ALWAYS,
    """
    ## What it does
    Finds calls of `GET /api/v2/tasks` (and `/api/experimental/tasks`) and rewrites them to
    list chats, `GET /api/experimental/chats` (`/api/v2/chats` with `--target v2`).

    ## Why
    The Tasks API is removed from Coder. The chat list answers with a bare JSON array, not a
    `{"tasks": [...], "count": n}` envelope, so reads of `.tasks` and `.count` change with the
    call (TC204).

    ## Example
    ```sh
    curl -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL/api/v2/tasks?q=owner:me" \\
      | jq -r '.tasks[].id'
    ```
    becomes
    ```sh
    curl -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL/api/experimental/chats" \\
      | jq -r '.[].id'
    ```

    ## Fix safety
    Safe when the only filter is `owner:me` (chats are always the caller's). Any other
    filter (`status:`, `owner:<someone else>`, `organization:`) has no Chats equivalent: the
    fix drops it and is unsafe.

    ## Known limits
    Chats are listed only for the token holder; a job that listed other users' tasks needs
    their tokens.
    """,
)
CREATE = _rule(
    "TC102",
    "create-task",
    "A call creates a task (`POST /api/v2/tasks/{user}`).",
    FixAvailability.SOMETIMES,
    """
    ## What it does
    Finds task creation and rewrites it to create a chat: `POST /api/experimental/chats` with
    `{"organization_id": ..., "content": [{"type": "text", "text": <the old input>}]}`.

    ## Why
    Chats take the prompt as content parts and need the organisation in the body. There is
    no `{user}` segment: the chat belongs to the token holder. Templates are not chosen by
    the caller any more; the agent picks one.

    ## Example
    ```sh
    curl -X POST "$CODER_URL/api/v2/tasks/me" -H 'Content-Type: application/json' \\
      -d '{"template_version_id": "'"$TV"'", "input": "Fix the tests"}'
    ```
    becomes (with `--organization-id-env CODER_ORGANIZATION_ID`)
    ```sh
    curl -X POST "$CODER_URL/api/experimental/chats" -H 'Content-Type: application/json' \\
      -d '{"organization_id": "'"$CODER_ORGANIZATION_ID"'",
           "content": [{"type": "text", "text": "Fix the tests"}]}'
    ```

    ## Fix safety
    Safe when an organisation is configured (`--organization-id`, `--organization-id-env`
    or `organization-id` in the config). Without one the fix writes a reference to
    `CODER_ORGANIZATION_ID` and is unsafe. A `{user}` other than `me` makes it unsafe: the
    chat will belong to the token holder. `template_version_id` and the preset are dropped;
    to pin a pre-created workspace, pass `workspace_id`.

    ## Known limits
    A body held in a file (`-d @file`) or built elsewhere is reported, not rewritten.
    """,
)
GET = _rule(
    "TC103",
    "get-task",
    "A call reads one task (`GET /api/v2/tasks/{user}/{task}`).",
    FixAvailability.ALWAYS,
    """
    ## What it does
    Rewrites `GET /api/v2/tasks/{user}/{task}` to `GET /api/experimental/chats/{chat}`.

    ## Why
    Chats are addressed by their UUID alone; the owner segment goes.

    ## Example
    `curl "$CODER_URL/api/v2/tasks/me/$TASK_ID"` becomes
    `curl "$CODER_URL/api/experimental/chats/$TASK_ID"`.

    ## Fix safety
    Safe. The identifier must now be a chat id: a task id is not a chat id, so the variable
    that holds it must come from a chat creation.

    ## Known limits
    A task addressed by name is TC110.
    """,
)
DELETE = _rule(
    "TC104",
    "delete-task",
    "A call deletes a task (`DELETE /api/v2/tasks/{user}/{task}`).",
    FixAvailability.ALWAYS,
    """
    ## What it does
    Rewrites task deletion to archiving the chat: `PATCH /api/experimental/chats/{chat}` with
    `{"archived": true}` and a JSON content type.

    ## Why
    Chats cannot be deleted through the API; archiving hides them and can be undone.

    ## Example
    ```sh
    curl -X DELETE "$CODER_URL/api/v2/tasks/me/$ID"
    ```
    becomes
    ```sh
    curl -X PATCH "$CODER_URL/api/experimental/chats/$ID" \\
      -H 'Content-Type: application/json' -d '{"archived": true}'
    ```

    ## Fix safety
    Safe: it is the documented equivalent. The chat is archived, not deleted, and its
    workspace is not deleted with it.

    ## Known limits
    None known.
    """,
)
SEND = _rule(
    "TC105",
    "send-task-input",
    "A call sends input to a task (`POST /api/v2/tasks/{user}/{task}/send`).",
    FixAvailability.SOMETIMES,
    """
    ## What it does
    Rewrites sending input to posting a chat message:
    `POST /api/experimental/chats/{chat}/messages` with
    `{"content": [{"type": "text", "text": <the old input>}]}`. Input that is a lone escape
    character was an interrupt key press: it becomes `POST .../interrupt`.

    ## Why
    Messages take content parts. A busy chat queues the message (`"queued": true`) instead
    of refusing it.

    ## Example
    ```sh
    curl -X POST "$CODER_URL/api/v2/tasks/me/$ID/send" -d '{"input": "also fix lint"}'
    ```
    becomes
    ```sh
    curl -X POST "$CODER_URL/api/experimental/chats/$ID/messages" \\
      -d '{"content": [{"type": "text", "text": "also fix lint"}]}'
    ```

    ## Fix safety
    Safe. The response is 200 with `queued`, not 204 (TC205).

    ## Known limits
    A body that cannot be read (a file, a variable built elsewhere) is reported only.
    """,
)
UPDATE_INPUT = _rule(
    "TC106",
    "update-task-input",
    "A call replaces a task's input (`PATCH /api/v2/tasks/{user}/{task}/input`).",
    FixAvailability.NEVER,
    """
    ## What it does
    Reports updates of a task's input.

    ## Why
    The Chats equivalent edits one message,
    `PATCH /api/experimental/chats/{chat}/messages/{message}`, and needs the id of the
    message to edit, which the old code never had.

    ## Example
    Read the message id from `GET .../chats/{chat}/messages` first, then edit it.

    ## Fix safety
    No fix: the message id has to come from somewhere the code does not have yet.

    ## Known limits
    None.
    """,
)
LOGS = _rule(
    "TC107",
    "task-logs",
    "A call reads a task's logs (`GET /api/v2/tasks/{user}/{task}/logs`).",
    FixAvailability.ALWAYS,
    """
    ## What it does
    Rewrites log polling to reading the chat's messages,
    `GET /api/experimental/chats/{chat}/messages`.

    ## Why
    Chats have no logs endpoint. Messages are the history; the WebSocket stream
    (`GET .../chats/{chat}/stream`) is the recommended way to follow a chat live.

    ## Example
    `curl "$CODER_URL/api/v2/tasks/me/$ID/logs"` becomes
    `curl "$CODER_URL/api/experimental/chats/$ID/messages"`.

    ## Fix safety
    Unsafe: the response shape differs (`{messages, queued_messages, has_more}` of message
    objects instead of `{logs: [...]}`), so code reading it must change too.

    ## Known limits
    Readers of `.logs` are not rewritten.
    """,
)
PAUSE = _rule(
    "TC108",
    "pause-task",
    "A call pauses a task (`POST /api/v2/tasks/{user}/{task}/pause`).",
    FixAvailability.ALWAYS,
    """
    ## What it does
    Rewrites pausing to interrupting the chat: `POST /api/experimental/chats/{chat}/interrupt`.

    ## Why
    Chats have no pause. Interrupt stops the agent loop.

    ## Example
    `curl -X POST "$CODER_URL/api/v2/tasks/me/$ID/pause"` becomes
    `curl -X POST "$CODER_URL/api/experimental/chats/$ID/interrupt"`.

    ## Fix safety
    Safe, with a caveat the message states: pausing a task stopped its workspace; an
    interrupt leaves the workspace running. Stop it with a workspace build if compute matters.

    ## Known limits
    None.
    """,
)
RESUME = _rule(
    "TC109",
    "resume-task",
    "A call resumes a task (`POST /api/v2/tasks/{user}/{task}/resume`).",
    FixAvailability.ALWAYS,
    """
    ## What it does
    Rewrites resuming to sending a new message, `POST /api/experimental/chats/{chat}/messages`,
    with the text from the `resume-message` setting (default "Continue where you left off").

    ## Why
    A chat continues when it gets a message; there is no resume.

    ## Example
    `curl -X POST "$CODER_URL/api/v2/tasks/me/$ID/resume"` becomes a message post with
    `{"content": [{"type": "text", "text": "Continue where you left off"}]}`.

    ## Fix safety
    Unsafe: the message is text the agent reads and acts on, written by the tool.

    ## Known limits
    A workspace stopped by a task pause is not started by this call.
    """,
)
BY_NAME = _rule(
    "TC110",
    "task-by-name",
    "A call addresses a task by name or by workspace id.",
    FixAvailability.NEVER,
    """
    ## What it does
    Reports Tasks calls whose `{task}` segment is a name (or visibly a workspace id)
    rather than an id.

    ## Why
    Chats are addressed only by UUID. A chat bound to a workspace can be found with
    `GET /api/experimental/chats/by-workspace`.

    ## Example
    `curl "$CODER_URL/api/v2/tasks/me/nightly-triage"` needs the chat id: store it when the
    chat is created, or look it up.

    ## Fix safety
    No fix: where the id comes from is the caller's decision.

    ## Known limits
    A variable is taken as a name when its name says so (`TASK_NAME`, `WORKSPACE_ID`).
    """,
)
OTHER = _rule(
    "TC111",
    "other-tasks-endpoint",
    "A call uses a Tasks endpoint with no Chats equivalent (log snapshot, AI task prompts).",
    FixAvailability.NEVER,
    """
    ## What it does
    Reports `POST /api/v2/workspaceagents/me/tasks/{task}/log-snapshot` and
    `GET /api/experimental/aitasks/prompts`.

    ## Why
    These served the in-workspace agent of Tasks. Chats keep history in the Coder database
    and take prompts as messages.

    ## Example
    Remove the call; read chat history with `GET .../chats/{chat}/messages`.

    ## Fix safety
    No fix.

    ## Known limits
    None.
    """,
)
SECOND_STAGE = _rule(
    "TC112",
    "experimental-chats-path",
    "A call uses `/api/experimental/chats`, which Coder 2.38 no longer serves.",
    FixAvailability.ALWAYS,
    """
    ## What it does
    With `--target v2` only: rewrites `/api/experimental/chats...` to `/api/v2/chats...`, and
    the removed models route to `/api/v2/organizations/{organization}/chats/models`.

    ## Why
    Coder 2.37 serves both prefixes; later releases serve only `/api/v2/chats`.

    ## Example
    `curl "$CODER_URL/api/experimental/chats/$ID"` becomes `curl "$CODER_URL/api/v2/chats/$ID"`.

    ## Fix safety
    Safe. The models route needs the organisation: without one configured the fix writes a
    reference to `CODER_ORGANIZATION_ID` and is unsafe.

    ## Known limits
    The models response changes from a bare array to `{models, providers, ...}`.
    """,
)
DISPLAY_NAME = register(
    Rule(
        "TC201",
        "display-name-read",
        "`display_name` is read from a Tasks response; chats call it `title`.",
        FixAvailability.ALWAYS,
        """
        ## What it does
        Renames reads of `display_name` to `title` for values that come from a Tasks call,
        as part of that call's fix.

        ## Why
        `Chat.title` holds what `Task.display_name` held.

        ## Example
        `jq -r '.display_name'` becomes `jq -r '.title'`.

        ## Fix safety
        Safe, applied with its call (or alone when the call already speaks Chats).

        ## Known limits
        Only reads in the same pipeline, variable or scope as the call are followed.
        """,
        _HTTP_LANGUAGES,
        (b"display_name",),
    )
)
STATUS = register(
    Rule(
        "TC202",
        "task-status-literal",
        "A Tasks status or state is compared with a literal.",
        FixAvailability.SOMETIMES,
        """
        ## What it does
        Rewrites comparisons of a Tasks `status` or `current_state.state` with a literal to
        the Chats `status` value that means the same (reference section 2.8):
        `working` → `running`, `idle` and `complete` → `waiting`, `failed` → `error`,
        `pending` and `initializing` → `running`.

        ## Why
        Chats have one `status` field with other values.

        ## Example
        `jq -e '.current_state.state == "idle"'` becomes `jq -e '.status == "waiting"'`.

        ## Fix safety
        Unsafe: `waiting` also means "just created" and "interrupted". `active`, `paused` and
        `unknown` have no single Chats value and are reported without a fix.

        ## Known limits
        Only literal comparisons next to the read are seen.
        """,
        _HTTP_LANGUAGES,
        (b"status", b"state"),
    )
)
NO_FIELD = register(
    Rule(
        "TC203",
        "task-field-without-equivalent",
        "A Tasks field with no direct Chats field is read.",
        FixAvailability.NEVER,
        """
        ## What it does
        Reports reads of `current_state`, `initial_prompt`, `workspace_status`,
        `template_id` and `name` from a Tasks response.

        ## Why
        A chat has no such field. The message says where the information lives now: the
        stream's status events, the first message, the workspace API.

        ## Example
        `jq -r '.initial_prompt'` → read the first message from `GET .../chats/{chat}/messages`.

        ## Fix safety
        No fix.

        ## Known limits
        Only reads next to the call are seen.
        """,
        _HTTP_LANGUAGES,
        (b"current_state", b"initial_prompt", b"workspace_status", b"template_id", b"name"),
    )
)
ENVELOPE = register(
    Rule(
        "TC204",
        "tasks-list-envelope",
        "The `tasks` (or `count`) envelope of a Tasks list response is read.",
        FixAvailability.ALWAYS,
        """
        ## What it does
        Unwraps reads of the list envelope: `.tasks[]` → `.[]`, `["tasks"]` → the response
        itself, `.count` → `length`.

        ## Why
        The chat list is a bare JSON array.

        ## Example
        `jq '.tasks[] | .id'` becomes `jq '.[] | .id'`.

        ## Fix safety
        Safe, applied with its call.

        ## Known limits
        None.
        """,
        _HTTP_LANGUAGES,
        (b"tasks", b"count"),
    )
)
SEND_204 = register(
    Rule(
        "TC205",
        "send-204-check",
        "Code checks that sending input answered 204.",
        FixAvailability.NEVER,
        """
        ## What it does
        Reports checks of status code 204 after sending input.

        ## Why
        Posting a chat message answers 200 with a body whose `queued` field says whether the
        message waits behind a running turn.

        ## Example
        `[ "$code" = 204 ]` → check for 200 and read `.queued`.

        ## Fix safety
        No fix: what a queued message means to the caller is its own decision.

        ## Known limits
        Only checks of a status captured from the same call are seen.
        """,
        _HTTP_LANGUAGES,
        (b"204",),
    )
)

_OP_RULES = {
    Op.LIST: LIST,
    Op.CREATE: CREATE,
    Op.GET: GET,
    Op.DELETE: DELETE,
    Op.SEND: SEND,
    Op.UPDATE_INPUT: UPDATE_INPUT,
    Op.LOGS: LOGS,
    Op.PAUSE: PAUSE,
    Op.RESUME: RESUME,
    Op.OTHER: OTHER,
    Op.CHATS: SECOND_STAGE,
}


# --- the analysis ------------------------------------------------------------------------------


@dataclass
class _Plan:
    rewrite: CallRewrite | None
    safety: Applicability
    message: str
    code: str


def _org_value(context: Context) -> tuple[JStr, bool]:
    organization = context.settings.organization
    if isinstance(organization, str):
        return JStr.of(organization), True
    if isinstance(organization, EnvRef):
        return JStr((organization,)), True
    return JStr((EnvRef(coderapi.ORGANIZATION_ENV),)), False


def _text_parts(text: JValue) -> JArray:
    return JArray((JObject((("type", JStr.of("text")), ("text", text))),))


def _input_of(call: HttpCall, keys: Sequence[str] = ("input",)) -> tuple[JValue, str | None]:
    """The value of the body's input field, or why there is none to read."""
    if call.body_opaque:
        return None, call.body_opaque
    if not call.has_body:
        return None, "the call sends no body"
    if not isinstance(call.body, JObject):
        return None, "the body is not a JSON object"
    for key in keys:
        if call.body.has(key):
            value = call.body.get(key)
            if isinstance(value, (JStr, JRaw)):
                return value, None
            return None, f'the body\'s "{key}" is not a string'
    return None, f'the body has no "{keys[0]}" field'


def _path_text(endpoint: Endpoint, op: Op) -> str:
    method = {
        Op.LIST: "GET",
        Op.CREATE: "POST",
        Op.GET: "GET",
        Op.DELETE: "DELETE",
        Op.UPDATE_INPUT: "PATCH",
        Op.LOGS: "GET",
    }.get(op, "POST")
    prefix = f"/api/{endpoint.api}/tasks"
    paths = {
        Op.LIST: prefix,
        Op.CREATE: prefix + "/{user}",
        Op.GET: prefix + "/{user}/{task}",
        Op.DELETE: prefix + "/{user}/{task}",
        Op.SEND: prefix + "/{user}/{task}/send",
        Op.UPDATE_INPUT: prefix + "/{user}/{task}/input",
        Op.LOGS: prefix + "/{user}/{task}/logs",
        Op.PAUSE: prefix + "/{user}/{task}/pause",
        Op.RESUME: prefix + "/{user}/{task}/resume",
    }
    return f"{method} {paths[op]}"


def _plan(call: HttpCall, endpoint: Endpoint, context: Context) -> _Plan:
    settings = context.settings
    target = settings.target
    op = endpoint.op
    rule = _OP_RULES[op]
    chats = coderapi.chats_prefix(target)

    if op is Op.CHATS:
        url = coderapi.second_stage_url(endpoint, settings.organization)
        safety = Applicability.SAFE
        message = "`/api/experimental/chats` is not served after Coder 2.37; use `/api/v2/chats`"
        if endpoint.rest.rstrip("/") == "/models":
            safety = Applicability.UNSAFE  # the answer changes shape, as for TC107
            message += (
                "; the models route moved under the organisation and answers "
                "`{models, providers, ...}` instead of a bare array (read `.models`)"
            )
        if url is None:
            url = coderapi.second_stage_url(endpoint, EnvRef(coderapi.ORGANIZATION_ENV))
            safety = Applicability.UNSAFE
            message += (
                f"; no organisation configured: the fix reads `${coderapi.ORGANIZATION_ENV}`"
            )
        assert url is not None
        return _Plan(CallRewrite(call.method, url), safety, message, rule.code)

    if op is Op.OTHER:
        return _Plan(
            None,
            Applicability.SAFE,
            "this Tasks endpoint has no Chats equivalent; chat history is read with "
            f"`GET {chats}/{{chat}}/messages`. Remove the call",
            rule.code,
        )

    what = f"`{_path_text(endpoint, op)}`"
    if op is Op.UPDATE_INPUT:
        return _Plan(
            None,
            Applicability.SAFE,
            f"{what} has no direct equivalent: edit a message with "
            f"`PATCH {chats}/{{chat}}/messages/{{message}}`, which needs the message id "
            f"(from `GET {chats}/{{chat}}/messages`)",
            rule.code,
        )

    shared = call.url_shared or endpoint.shared_prefix
    if shared:
        return _Plan(
            None,
            Applicability.SAFE,
            f"{what}: use `{coderapi.rest_call(op, target)}`; the URL's API prefix comes from "
            f"`{shared}`, a base other calls can share, so it is not rewritten here. Point "
            f"this call at `{chats}` yourself",
            rule.code,
        )

    if op is not Op.LIST and op is not Op.CREATE and endpoint.task_is_name():
        by_workspace = endpoint.task_addressed_by_workspace()
        hint = (
            f"find the chat bound to a workspace with `GET {chats}/by-workspace`"
            if by_workspace
            else f"store the chat id when the chat is created, or look it up in `GET {chats}`"
        )
        return _Plan(
            None,
            Applicability.SAFE,
            f"{what} addresses the task by {'workspace id' if by_workspace else 'name'}; "
            f"chats are addressed by UUID only: {hint}",
            BY_NAME.code,
        )

    if op is Op.LIST:
        query = coderapi.migrate_list_query(endpoint.query)
        url = coderapi.chats_url(endpoint, op, target, query.keep)
        safety = Applicability.UNSAFE if query.unsafe else Applicability.SAFE
        message = (
            f"{what}: list chats with `GET {chats}`; the answer is a bare array of the token "
            "holder's chats"
        )
        if query.dropped_terms:
            message += (
                f"; the filter {', '.join(repr(t) for t in query.dropped_terms)} has no Chats "
                "equivalent (chats are always the caller's) and is dropped"
            )
        return _Plan(CallRewrite("GET", url), safety, message, rule.code)

    if op is Op.CREATE:
        value, problem = _input_of(call, ("input", "prompt"))
        if problem:
            return _Plan(
                None,
                Applicability.SAFE,
                f"{what}: create a chat with `{coderapi.rest_call(op, target)}`; not rewritten "
                f"because {problem}",
                rule.code,
            )
        org, configured = _org_value(context)
        body = JObject((("organization_id", org), ("content", _text_parts(value))))
        safety = Applicability.SAFE if configured else Applicability.UNSAFE
        notes = [f"{what}: create a chat with `POST {chats}` and content parts"]
        if not configured:
            notes.append(
                f"no organisation configured: the fix reads `{coderapi.ORGANIZATION_ENV}` "
                "(set --organization-id or --organization-id-env)"
            )
        user = endpoint.user_literal
        if user != "me":
            safety = Applicability.UNSAFE
            notes.append(
                f"the task was created for `{_show(endpoint.user)}`; a chat belongs to the "
                "token holder"
            )
        assert isinstance(call.body, JObject)
        dropped = [k for k in call.body.keys() if k not in ("input", "prompt")]
        if dropped:
            notes.append(
                f"dropped {', '.join(dropped)}: the agent picks the template; to pin one, "
                "pre-create a workspace and pass `workspace_id`"
            )
        rewrite = CallRewrite("POST", coderapi.chats_url(endpoint, op, target), body, True)
        rewrite.json_content_type = True
        return _Plan(rewrite, safety, "; ".join(notes), rule.code)

    url = coderapi.chats_url(endpoint, op, target)
    if op is Op.GET:
        return _Plan(
            CallRewrite("GET", url),
            Applicability.SAFE,
            f"{what}: read the chat with `GET {chats}/{{chat}}`; the id must be a chat id",
            rule.code,
        )
    if op is Op.DELETE:
        rewrite = CallRewrite("PATCH", url, JObject((("archived", True),)), True)
        rewrite.json_content_type = True
        return _Plan(
            rewrite,
            Applicability.SAFE,
            f"{what}: chats are archived, not deleted: `PATCH {chats}/{{chat}}` with "
            '`{"archived": true}` (the workspace is not deleted with it)',
            rule.code,
        )
    if op is Op.SEND:
        value, problem = _input_of(call)
        if problem:
            return _Plan(
                None,
                Applicability.SAFE,
                f"{what}: post a message with `POST {chats}/{{chat}}/messages` and content "
                f"parts; not rewritten because {problem}",
                rule.code,
            )
        if isinstance(value, JStr) and value.literal() == coderapi.ESCAPE:
            interrupt = coderapi.chats_url(endpoint, Op.PAUSE, target)
            return _Plan(
                CallRewrite("POST", interrupt, drop_body=True),
                Applicability.SAFE,
                f"{what} sends a lone escape character, an interrupt key press: interrupt the "
                f"chat with `POST {chats}/{{chat}}/interrupt`",
                rule.code,
            )
        body = JObject((("content", _text_parts(value)),))
        rewrite = CallRewrite("POST", url, body, True, json_content_type=True)
        return _Plan(
            rewrite,
            Applicability.SAFE,
            f"{what}: post a message with `POST {chats}/{{chat}}/messages`; it answers 200 "
            "with `queued` (queued behind a running turn), not 204",
            rule.code,
        )
    if op is Op.LOGS:
        return _Plan(
            CallRewrite("GET", url),
            Applicability.UNSAFE,
            f"{what}: read the history with `GET {chats}/{{chat}}/messages` (or follow the "
            f"`{chats}/{{chat}}/stream` WebSocket); the answer is `{{messages, has_more}}`, "
            "not `{logs}`",
            rule.code,
        )
    if op is Op.PAUSE:
        return _Plan(
            CallRewrite("POST", url, drop_body=call.has_body),
            Applicability.SAFE,
            f"{what}: interrupt the chat with `POST {chats}/{{chat}}/interrupt`; unlike a "
            "pause, the workspace keeps running (stop it with a workspace build if needed)",
            rule.code,
        )
    assert op is Op.RESUME
    body = JObject((("content", _text_parts(JStr.of(settings.resume_message))),))
    rewrite = CallRewrite("POST", url, body, True, json_content_type=True)
    return _Plan(
        rewrite,
        Applicability.UNSAFE,
        f"{what}: a chat continues when it gets a message: `POST {chats}/{{chat}}/messages` "
        f"with {settings.resume_message!r} (the text is the tool's; a workspace stopped by a "
        "pause is not started)",
        rule.code,
    )


def _show(pieces: Sequence[object] | None) -> str:
    if not pieces:
        return ""
    out = []
    for piece in pieces:
        out.append(piece.text if isinstance(piece, Lit) else getattr(piece, "source", "…"))
    return "".join(out)


def is_coder_call(call: HttpCall, file_has_coder: bool, context: Context) -> bool:
    if call.coder is not None:
        return call.coder
    return file_has_coder or context.settings.coder_only


def check_calls(
    calls: Sequence[HttpCall], path, context: Context, file_has_coder: bool
) -> list[Finding]:
    """Findings for the HTTP calls a front-end found in one file."""
    findings: list[Finding] = []
    fix_of: dict[int, Fix | None] = {}
    for call in calls:
        endpoint = coderapi.classify(call.url, call.method)
        if endpoint is None or not is_coder_call(call, file_has_coder, context):
            continue
        if endpoint.op is Op.CHATS:
            if (
                endpoint.api == "v2"
                or context.settings.target != "v2"
                or coderapi.stays_experimental(endpoint)
            ):
                findings.extend(_response_findings(call, endpoint, None, path, context))
                findings.extend(_status_check_findings(call, endpoint, path, context))
                continue
        plan = _plan(call, endpoint, context)
        fix: Fix | None = None
        message = plan.message
        if plan.rewrite is not None:
            rendered = call.renderer.render(call, plan.rewrite)
            if isinstance(rendered, str):
                message += f" (not rewritten: {rendered})"
            elif rendered:
                fix = Fix(plan.safety, tuple(rendered), f"Rewrite to the Chats API ({plan.code})")
        if not context.selected(plan.code):
            # An ignored rule's edits are never applied, not even through the reads that
            # would ride on them.
            findings.extend(_response_findings(call, endpoint, None, path, context))
            continue
        fix_of[id(call)] = fix
        findings.append(Finding(plan.code, message, path, call.start, call.end, fix))
        findings.extend(_response_findings(call, endpoint, fix, path, context))
        findings.extend(_status_check_findings(call, endpoint, path, context))
    _join_id_sources(calls, fix_of, findings)
    return _merge_shared_fixes(findings)


def _join_id_sources(
    calls: Sequence[HttpCall], fix_of: dict[int, Fix | None], findings: list[Finding]
) -> None:
    """A call addressing a task the same code created is migrated with the create: alone,
    it would ask the Chats API for a task id."""
    for call in calls:
        source = call.id_source
        if source is None or id(source) not in fix_of or id(call) not in fix_of:
            continue
        own, created = fix_of[id(call)], fix_of[id(source)]
        if own is None:
            continue
        mine = [f for f in findings if f.fix is own]
        if created is None:
            for finding in mine:
                finding.fix = None
                finding.message += (
                    " (not rewritten: its id comes from a task created above, which is not "
                    "rewritten)"
                )
            continue
        created.edits = tuple(sorted(set(created.edits) | set(own.edits)))
        if own.applicability is Applicability.UNSAFE:
            created.applicability = Applicability.UNSAFE
        for finding in findings:
            if finding.fix is own:
                finding.fix = created
        for finding in mine:
            finding.message += " (applied with the create call that gives its id)"
        fix_of[id(call)] = created


def _status_check_findings(
    call: HttpCall, endpoint: Endpoint, path, context: Context
) -> list[Finding]:
    """TC205: a 204 check after sending input, or after the message post that replaced it."""
    sends = endpoint.op is Op.SEND or (
        endpoint.op is Op.CHATS
        and call.method == "POST"
        and endpoint.rest.rstrip("/").endswith("/messages")
    )
    if not sends or not context.selected(SEND_204.code):
        return []
    return [
        Finding(
            SEND_204.code,
            "checks for 204 after sending input; posting a chat message answers 200 with "
            "`queued` (true when it waits behind a running turn)",
            path,
            start,
            end,
        )
        for start, end, _text in call.status_checks
    ]


def _merge_shared_fixes(findings: list[Finding]) -> list[Finding]:
    """Fixes that make the same edit (two calls through one URL variable) are one purpose:
    they become one fix, applied together or not at all, at the lesser safety."""
    fixes: list[Fix] = []
    for finding in findings:
        fix = finding.fix
        if fix is not None and not fix.dependent and all(fix is not f for f in fixes):
            fixes.append(finding.fix)
    merged: dict[int, Fix] = {}
    for index, fix in enumerate(fixes):
        for other in fixes[:index]:
            target = merged.get(id(other), other)
            if set(fix.edits) & set(target.edits):
                union = tuple(sorted(set(fix.edits) | set(target.edits)))
                if any(a.overlaps(b) and a != b for a in union for b in union if a is not b):
                    continue
                target.edits = union
                if fix.applicability is Applicability.UNSAFE:
                    target.applicability = Applicability.UNSAFE
                merged[id(fix)] = target
                break
    for finding in findings:
        if finding.fix is not None and id(finding.fix) in merged:
            finding.fix = merged[id(finding.fix)]
    return findings


def _tasks_vocabulary(read: ResponseRead, endpoint: Endpoint) -> bool:
    """On a Chats response, a read is a Tasks leftover only if a chat cannot have it."""
    if read.path and read.path[0] in coderapi.RENAMED_FIELDS:
        return not endpoint.rest.rstrip("/").endswith("/models")
    rest = endpoint.rest.rstrip("/")
    head = read.path[0] if read.path else ""
    if head == "logs":
        return rest.endswith("/messages")
    if head in coderapi.FIELDS_WITHOUT_EQUIVALENT:
        # A chat has none of these; the models and messages routes answer other objects.
        return not rest.endswith(("/models", "/messages")) and not (
            head == "name" and len(read.path) > 1
        )
    if read.path == ("status",) and read.compared is not None:
        return read.compared not in coderapi.CHAT_STATUSES
    return False


def _response_findings(
    call: HttpCall, endpoint: Endpoint, call_fix: Fix | None, path, context: Context
) -> list[Finding]:
    """TC201–TC204 for the reads of the call's response.

    ``call_fix`` is the call's own fix: safe renames ride on it (one purpose, one fix). A
    Chats call (already migrated) is a source too, so a second pass still sees the reads.
    """
    findings: list[Finding] = []
    is_chats = endpoint.op is Op.CHATS
    is_list = endpoint.op is Op.LIST or (is_chats and endpoint.rest.strip("/") == "")
    call_fixable = call_fix is not None or is_chats
    chats = coderapi.chats_prefix(context.settings.target)
    extra_edits: list[Edit] = []
    pending: list[Finding] = []
    # A read whose value is compared further on is judged by the comparison (TC202).
    status_rewrites: list[tuple[Finding, list[Edit]]] = []
    compared_paths = {
        r.path for r in call.reads if (r.path, r.compared or "") in coderapi.STATUS_TABLE
    }

    for read in call.reads:
        head = read.path[0] if read.path else ""
        if read.envelope:
            if not is_list or head not in coderapi.LIST_ENVELOPE_FIELDS:
                continue
            edits = read.render_unwrap() if read.render_unwrap else None
            if not call_fixable or not edits:
                finding = Finding(
                    ENVELOPE.code,
                    f"`{head}` is read from the list envelope; the chat list is a bare array",
                    path,
                    read.start,
                    read.end,
                )
            else:
                extra_edits.extend(edits)
                finding = Finding(
                    ENVELOPE.code,
                    f"`{head}` is read from the list envelope; the chat list is a bare array"
                    + ("" if head == "tasks" else ": use its length"),
                    path,
                    read.start,
                    read.end,
                )
                pending.append(finding)
            if context.selected(ENVELOPE.code):
                findings.append(finding)
            continue
        if is_chats and not _tasks_vocabulary(read, endpoint):
            continue
        if head == "logs" and (endpoint.op is Op.LOGS or is_chats):
            if context.selected(NO_FIELD.code):
                findings.append(
                    Finding(
                        NO_FIELD.code,
                        "`logs` is read from a logs response; the messages endpoint answers "
                        "`{messages, queued_messages, has_more}` with message parts, not log "
                        f"lines (or follow `{chats}/{{chat}}/stream`)",
                        path,
                        read.start,
                        read.end,
                    )
                )
            continue
        if endpoint.op in (Op.LOGS, Op.OTHER):
            continue
        if head in coderapi.RENAMED_FIELDS and len(read.path) == 1:
            new = coderapi.RENAMED_FIELDS[head]
            edits = read.render_path((new,)) if read.render_path else None
            finding = Finding(
                DISPLAY_NAME.code,
                f"`{head}` is called `{new}` on a chat",
                path,
                read.start,
                read.end,
            )
            if call_fixable and edits:
                extra_edits.extend(edits)
                pending.append(finding)
            if context.selected(DISPLAY_NAME.code):
                findings.append(finding)
            continue
        key = (read.path, read.compared or "")
        if read.compared is not None and (
            key in coderapi.STATUS_TABLE or key in coderapi.STATUS_UNCHANGED
        ):
            if key in coderapi.STATUS_UNCHANGED:
                continue
            mapping = coderapi.STATUS_TABLE[key]
            field_text = ".".join(read.path)
            if mapping.chats_value is None:
                message = (
                    f'`{field_text} == "{read.compared}"`: {mapping.note}; decide what this '
                    "check means for a chat"
                )
                finding = Finding(STATUS.code, message, path, read.start, read.end)
            else:
                note = f" ({mapping.note})" if mapping.note else ""
                message = (
                    f'`{field_text} == "{read.compared}"` becomes '
                    f'`status == "{mapping.chats_value}"` on a chat{note}'
                )
                edits = []
                if read.path != ("status",) and read.render_path:
                    edits.extend(read.render_path(("status",)) or [])
                if read.render_compared:
                    edits.extend(read.render_compared(mapping.chats_value) or [])
                finding = Finding(STATUS.code, message, path, read.start, read.end)
                if call_fixable and edits:
                    status_rewrites.append((finding, edits))
            if context.selected(STATUS.code):
                findings.append(finding)
            continue
        if read.compared is None and read.path in compared_paths:
            continue
        if head in coderapi.FIELDS_WITHOUT_EQUIVALENT and not (
            head == "name" and len(read.path) > 1
        ):
            where = coderapi.FIELDS_WITHOUT_EQUIVALENT[head].format(prefix=chats)
            if context.selected(NO_FIELD.code):
                findings.append(
                    Finding(
                        NO_FIELD.code,
                        f"`{'.'.join(read.path)}` has no Chats field: {where}",
                        path,
                        read.start,
                        read.end,
                    )
                )

    if extra_edits:
        if call_fix is not None and not is_chats:
            call_fix.edits = tuple(sorted(set(call_fix.edits) | set(extra_edits)))
            for finding in pending:
                finding.fix = call_fix
        else:
            for finding in pending:
                own = [e for e in extra_edits if finding.start <= e.start and e.end <= finding.end]
                finding.fix = Fix(Applicability.SAFE, tuple(own or extra_edits), "Rename")
    # A status rewrite only makes sense with its call migrated: it carries the call's edits.
    base = list(call_fix.edits) if call_fix is not None and not is_chats else []
    for finding, edits in status_rewrites:
        finding.fix = Fix(
            Applicability.UNSAFE, tuple(base + edits), "Rewrite the status", dependent=bool(base)
        )
    return findings
