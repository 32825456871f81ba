"""Everything tasks2chats knows about Coder's Tasks and Chats APIs, in one place.

No rule or front-end spells an API path; they ask this module. Facts follow
``reference/coder-api.md`` (sections noted beside each table).
"""

from __future__ import annotations

import enum
import re
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass

from migrator.callmodel import EnvRef, Hole, Lit, Piece, literal_value, pieces_text


class Op(enum.Enum):
    LIST = "list"
    CREATE = "create"
    GET = "get"
    DELETE = "delete"
    SEND = "send"
    UPDATE_INPUT = "update-input"
    LOGS = "logs"
    PAUSE = "pause"
    RESUME = "resume"
    OTHER = "other"  # log snapshot, AI task prompts
    CHATS = "chats"  # an already-migrated experimental Chats call


TARGETS = ("experimental", "v2")
DEFAULT_TARGET = "experimental"
ORGANIZATION_ENV = "CODER_ORGANIZATION_ID"
DEFAULT_RESUME_MESSAGE = "Continue where you left off"
ESCAPE = "\x1b"

_TASK_SUFFIX_OPS = {
    "input": Op.UPDATE_INPUT,
    "send": Op.SEND,
    "logs": Op.LOGS,
    "pause": Op.PAUSE,
    "resume": Op.RESUME,
}
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_API = re.compile(
    r"/api/(?P<api>v2|experimental)/(?P<res>tasks|chats|aitasks|workspaceagents)(?=[/?#]|$)"
)
# Before `/api`: nothing, a scheme and host, or a hole for the base URL (a doubled slash
# after it, `$CODER_URL//api`, still reaches the API root).
_BASE = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://)?[^/]*/*")
# A segment that is a reference in another language's syntax, not a name: `$ID`, `{id}`.
_REFERENCE = re.compile(r"\\?\$\{?\w+\}?|\{\w*\}|%[sd]|<[\w-]+>|:\w+")
_SHARED_BASE_VAR = re.compile(r"(?i)api")


def chats_prefix(target: str) -> str:
    return "/api/v2/chats" if target == "v2" else "/api/experimental/chats"


@dataclass
class Endpoint:
    """A Coder API URL, split into what a migration needs."""

    family: str  # "tasks" or "chats"
    op: Op
    api: str  # "v2" or "experimental"
    base: list[Piece]
    user: list[Piece] | None = None
    task: list[Piece] | None = None
    rest: str = ""  # chats: the path after /chats, literal
    rest_pieces: list[Piece] | None = None
    query: list[Piece] | None = None
    fragment: list[Piece] | None = None
    shared_prefix: str | None = None  # the variable that holds the /api prefix

    @property
    def user_literal(self) -> str | None:
        return literal_value(self.user) if self.user is not None else None

    @property
    def task_literal(self) -> str | None:
        return literal_value(self.task) if self.task is not None else None

    def task_is_name(self) -> bool:
        """True when the task segment is a literal name or visibly a name or workspace id."""
        if self.task is None:
            return False
        literal = self.task_literal
        if literal is not None:
            if _REFERENCE.fullmatch(literal):
                return bool(re.search(r"(?i)name|workspace", literal))
            return not _UUID.fullmatch(urllib.parse.unquote(literal))
        holes = [p for p in self.task if isinstance(p, Hole)]
        names = " ".join((h.var or h.source) for h in holes).lower()
        # A template's `data.coder_task.me.id` is the task's id: the workspace's chat is found
        # through the workspace, like a workspace id.
        return bool(re.search(r"name|workspace|ws_?id|coder_task", names)) and "chat" not in names

    def task_addressed_by_workspace(self) -> bool:
        if self.task is None:
            return False
        names = " ".join((h.var or h.source) for h in self.task if isinstance(h, Hole)).lower()
        return bool(re.search(r"workspace|ws_?id|coder_task", names))


def _positions(pieces: Sequence[Piece]) -> list[tuple[int, int, int]]:
    """For each piece: (index, start, end) in ``pieces_text(pieces)``."""
    out = []
    position = 0
    for index, piece in enumerate(pieces):
        width = len(piece.text) if isinstance(piece, Lit) else 1
        out.append((index, position, position + width))
        position += width
    return out


def slice_pieces(pieces: Sequence[Piece], start: int, end: int) -> list[Piece]:
    """The pieces covering ``[start, end)`` of ``pieces_text(pieces)``; holes are kept whole."""
    out: list[Piece] = []
    for index, piece_start, piece_end in _positions(pieces):
        if piece_end <= start or piece_start >= end:
            continue
        piece = pieces[index]
        if isinstance(piece, Hole):
            out.append(piece)
            continue
        lo, hi = max(start, piece_start) - piece_start, min(end, piece_end) - piece_start
        if lo == 0 and hi == len(piece.text):
            out.append(piece)
        else:
            out.append(Lit(piece.text[lo:hi], None, piece.context))
    return out


def _split_segments(pieces: list[Piece]) -> list[list[Piece]]:
    text = pieces_text(pieces)
    segments: list[list[Piece]] = []
    start = 0
    for index, char in enumerate(text + "/"):
        if char == "/":
            segments.append(slice_pieces(pieces, start, index))
            start = index + 1
    return segments


def _expand(pieces: Sequence[Piece], depth: int = 0) -> tuple[list[Piece], str | None]:
    """Replace holes that have a resolved value by that value (one level at a time)."""
    out: list[Piece] = []
    expanded_var = None
    for piece in pieces:
        if isinstance(piece, Hole) and piece.resolved is not None and depth < 4:
            inner, _ = _expand(piece.resolved, depth + 1)
            out.extend(inner)
            expanded_var = expanded_var or piece.var or piece.source
        else:
            out.append(piece)
    return out, expanded_var


def classify(pieces: Sequence[Piece], method: str | None) -> Endpoint | None:
    """Classify a URL into a Coder Tasks or Chats endpoint, or ``None``.

    The path must start at the API root: before ``/api`` only a scheme and host, or a hole
    standing for the base URL, may come. When the ``/api/...`` prefix lives inside a
    variable that the file defines (``CODER_API="$CODER_URL/api/v2"``), the endpoint says so
    in ``shared_prefix``.
    """
    pieces = list(pieces)
    found = _classify_direct(pieces, method)
    if found is not None:
        return found
    expanded, var = _expand(pieces)
    if var is not None and expanded != pieces:
        found = _classify_direct(expanded, method)
        if found is not None:
            found.shared_prefix = var
            return found
    return _classify_unresolved_base(pieces, method)


def _classify_unresolved_base(pieces: list[Piece], method: str | None) -> Endpoint | None:
    """``$CODER_API/tasks/me``: a base variable that visibly holds the API prefix."""
    if not pieces or not isinstance(pieces[0], Hole):
        return None
    hole = pieces[0]
    name = hole.var or hole.source
    if not _SHARED_BASE_VAR.search(name) or hole.resolved is not None:
        return None
    text = pieces_text(pieces[1:])
    if not re.match(r"/tasks(?=[/?#]|$)", text):
        return None
    if not re.search(r"(?i)coder", name):
        return None
    pretend = [Lit("/api/v2")] + pieces[1:]
    found = _classify_direct(pretend, method)
    if found is not None:
        found.base = [hole]
        found.shared_prefix = name
    return found


def _classify_direct(pieces: list[Piece], method: str | None) -> Endpoint | None:
    text = pieces_text(pieces)
    match = _API.search(text)
    while match is not None and not _BASE.fullmatch(text[: match.start()]):
        match = _API.search(text, match.start() + 1)
    if match is None:
        return None
    api, resource = match.group("api"), match.group("res")
    base = slice_pieces(pieces, 0, match.start())
    tail_start = match.end()
    end_of_path = len(text)
    query = fragment = None
    hash_at = text.find("#", tail_start)
    if hash_at >= 0:
        fragment = slice_pieces(pieces, hash_at + 1, len(text))
        end_of_path = hash_at
    query_at = text.find("?", tail_start, end_of_path)
    if query_at >= 0:
        query = slice_pieces(pieces, query_at + 1, end_of_path)
        end_of_path = query_at
    tail = slice_pieces(pieces, tail_start, end_of_path)
    tail_text = pieces_text(tail)
    segments = _split_segments(tail)[1:] if tail_text.startswith("/") else []
    if segments and not segments[-1]:
        segments = segments[:-1]
    verb = (method or "").upper()

    if resource == "chats":
        # Chats calls are sources for the reads of their responses; under `/api/v2` they
        # are never findings themselves.
        return Endpoint(
            "chats", Op.CHATS, api, base, rest=pieces_text(tail), rest_pieces=tail, query=query
        )
    if resource == "aitasks":
        return Endpoint("tasks", Op.OTHER, api, base, query=query, rest=tail_text)
    if resource == "workspaceagents":
        if "/tasks/" in tail_text and tail_text.rstrip("/").endswith("log-snapshot"):
            return Endpoint("tasks", Op.OTHER, api, base, query=query, rest=tail_text)
        return None

    endpoint = Endpoint("tasks", Op.LIST, api, base, query=query, fragment=fragment)
    if not segments:
        if verb in ("", "GET"):
            return endpoint
        return None
    endpoint.user = segments[0]
    if len(segments) == 1:
        if verb == "POST":
            endpoint.op = Op.CREATE
            return endpoint
        return None
    endpoint.task = segments[1]
    if len(segments) == 2:
        if verb == "DELETE":
            endpoint.op = Op.DELETE
        elif verb in ("", "GET"):
            endpoint.op = Op.GET
        else:
            return None
        return endpoint
    if len(segments) == 3:
        suffix = literal_value(segments[2])
        if suffix in _TASK_SUFFIX_OPS:
            endpoint.op = _TASK_SUFFIX_OPS[suffix]
            return endpoint
    return None


# --- producing Chats URLs ----------------------------------------------------------------------

_CHAT_SUFFIX = {
    Op.GET: "",
    Op.DELETE: "",
    Op.SEND: "/messages",
    Op.LOGS: "/messages",
    Op.PAUSE: "/interrupt",
    Op.RESUME: "/messages",
}


def chats_url(
    endpoint: Endpoint, op: Op, target: str, query: list[Piece] | None = None
) -> list[Piece | EnvRef]:
    """The Chats URL that replaces ``endpoint`` for ``op`` (``op`` may differ from the
    endpoint's: a send of a lone escape character becomes an interrupt)."""
    out: list[Piece | EnvRef] = list(endpoint.base)
    prefix = chats_prefix(target)
    if op in (Op.LIST, Op.CREATE):
        out.append(Lit(prefix))
    else:
        out.append(Lit(prefix + "/"))
        out.extend(endpoint.task or [])
        out.append(Lit(_CHAT_SUFFIX.get(op, "")))
    if query:
        out.append(Lit("?"))
        out.extend(query)
    if endpoint.fragment:
        out.append(Lit("#"))
        out.extend(endpoint.fragment)
    return _merge_literals(out)


# Routes that stay under /api/experimental after the Chats API moved to /api/v2
# (reference section 2.1).
_STAYS_EXPERIMENTAL = re.compile(
    r"/stream/desktop/?$|/debug(?:/|$)|advisor|computer-use|oauth2|/mcp/"
)


def stays_experimental(endpoint: Endpoint) -> bool:
    return bool(_STAYS_EXPERIMENTAL.search(pieces_text(endpoint.rest_pieces or [])))


def second_stage_url(
    endpoint: Endpoint, organization: str | EnvRef | None
) -> list[Piece | EnvRef] | None:
    """``/api/experimental/chats...`` → ``/api/v2/...`` (TC112). ``None`` if the models
    route needs an organisation that is not known."""
    out: list[Piece | EnvRef] = list(endpoint.base)
    rest_text = pieces_text(endpoint.rest_pieces or [])
    if rest_text.rstrip("/") == "/models":
        if organization is None:
            return None
        out.append(Lit("/api/v2/organizations/"))
        out.append(Lit(organization) if isinstance(organization, str) else organization)
        out.append(Lit("/chats/models"))
    else:
        out.append(Lit("/api/v2/chats"))
        out.extend(endpoint.rest_pieces or [])
    if endpoint.query:
        out.append(Lit("?"))
        out.extend(endpoint.query)
    return _merge_literals(out)


def _merge_literals(pieces: list[Piece | EnvRef]) -> list[Piece | EnvRef]:
    out: list[Piece | EnvRef] = []
    for piece in pieces:
        if isinstance(piece, Lit) and not piece.text:
            continue
        if isinstance(piece, Lit) and out and isinstance(out[-1], Lit) and out[-1].span is None:
            if piece.span is None:
                out[-1] = Lit(out[-1].text + piece.text)
                continue
        out.append(piece)
    return out


@dataclass
class ListQuery:
    """What a Tasks list query becomes."""

    keep: list[Piece] | None  # the query to keep (other parameters), None for none
    dropped_terms: list[str]  # filter terms that were dropped
    unsafe: bool


def migrate_list_query(query: list[Piece] | None) -> ListQuery:
    if not query:
        return ListQuery(None, [], False)
    text = pieces_text(query)
    params = text.split("&")
    kept: list[str] = []
    dropped: list[str] = []
    unsafe = False
    for param in params:
        name, _, value = param.partition("=")
        if name != "q":
            kept.append(param)
            continue
        decoded = urllib.parse.unquote_plus(value) if "\0" not in value else value
        for term in decoded.split():
            clean = term.replace('"', "")
            if clean == "owner:me":
                continue
            dropped.append(term.replace("\0", "…"))
            unsafe = True
    if not kept:
        return ListQuery(None, dropped, unsafe)
    # Keep other parameters verbatim when the q parameter was the last one or first one.
    keep_text = "&".join(kept)
    if "\0" in keep_text:
        return ListQuery(None, dropped + kept, True)
    return ListQuery([Lit(keep_text)], dropped, unsafe)


# --- what replaces what: messages ------------------------------------------------------------


def rest_call(op: Op, target: str) -> str:
    """The Chats REST call that does what a Tasks operation did, for messages."""
    prefix = chats_prefix(target)
    calls = {
        Op.LIST: f"GET {prefix}",
        Op.CREATE: f'POST {prefix} with {{"organization_id": ..., "content": [...]}}',
        Op.GET: f"GET {prefix}/{{chat}}",
        Op.DELETE: f'PATCH {prefix}/{{chat}} with {{"archived": true}}',
        Op.SEND: f"POST {prefix}/{{chat}}/messages",
        Op.UPDATE_INPUT: f"PATCH {prefix}/{{chat}}/messages/{{message}}",
        Op.LOGS: f"GET {prefix}/{{chat}}/messages (or the {prefix}/{{chat}}/stream WebSocket)",
        Op.PAUSE: f"POST {prefix}/{{chat}}/interrupt",
        Op.RESUME: f"POST {prefix}/{{chat}}/messages with a new message",
    }
    return calls[op]


# --- response fields (reference sections 1.3, 2.4, 2.8) ------------------------------------------

LIST_ENVELOPE_FIELDS = ("tasks", "count")
RENAMED_FIELDS = {"display_name": "title"}
FIELDS_WITHOUT_EQUIVALENT = {
    "current_state": "read the chat's status from the stream ({prefix}/{{chat}}/stream) or "
    "GET {prefix}/{{chat}} (.status)",
    "initial_prompt": "read the first message from GET {prefix}/{{chat}}/messages",
    "workspace_status": "manage the workspace apart: GET /api/v2/workspaces/{{workspace_id}}",
    "template_id": "chats do not expose a template; the agent picks one (pin a workspace "
    "with workspace_id)",
    "name": "chats have no name; address them by id (and .title for display)",
}


@dataclass(frozen=True)
class StatusMapping:
    chats_value: str | None
    note: str


# (field path, value) → Chats status; None when no single value exists.
STATUS_TABLE: dict[tuple[tuple[str, ...], str], StatusMapping] = {
    (("status",), "pending"): StatusMapping("running", "a new chat with a message starts running"),
    (("status",), "initializing"): StatusMapping(
        "running", "a new chat with a message starts running"
    ),
    (("status",), "active"): StatusMapping(
        None,
        'no single Chats status means active; a usable chat is one whose status is not "error"',
    ),
    (("status",), "paused"): StatusMapping(
        None,
        'chats do not pause; an interrupted chat is "waiting" and the workspace is managed apart',
    ),
    (("status",), "unknown"): StatusMapping(None, "Chats has no unknown status"),
    (("status",), "complete"): StatusMapping(
        "waiting", '"waiting" also means just created or interrupted; check the result'
    ),
    (("status",), "completed"): StatusMapping(
        "waiting", '"waiting" also means just created or interrupted; check the result'
    ),
    (("status",), "failed"): StatusMapping("error", ""),
    (("current_state", "state"), "working"): StatusMapping("running", ""),
    (("current_state", "state"), "idle"): StatusMapping(
        "waiting", '"waiting" also means just created or interrupted'
    ),
    (("current_state", "state"), "complete"): StatusMapping(
        "waiting", "check the result explicitly (messages, diff)"
    ),
    (("current_state", "state"), "completed"): StatusMapping(
        "waiting", "check the result explicitly (messages, diff)"
    ),
    (("current_state", "state"), "failed"): StatusMapping("error", ""),
}
# Every status a chat has had on any server build (reference section 2.5).
CHAT_STATUSES = frozenset(
    {"waiting", "pending", "running", "paused", "completed", "error", "requires_action"}
    | {"interrupting"}
)
# Values that mean the same on both APIs: a comparison with them needs no change.
STATUS_UNCHANGED = {(("status",), "error"), (("status",), "running")}


# --- CLI (reference section 4) -------------------------------------------------------------------

CLI_SUBCOMMANDS = {
    "create": Op.CREATE,
    "list": Op.LIST,
    "ls": Op.LIST,
    "status": Op.GET,
    "stat": Op.GET,
    "logs": Op.LOGS,
    "send": Op.SEND,
    "delete": Op.DELETE,
    "rm": Op.DELETE,
    "pause": Op.PAUSE,
    "resume": Op.RESUME,
}
AI_PROMPT_PARAMETER = "AI Prompt"

# --- GitHub actions (reference section 6) -------------------------------------------------------

TASK_ACTIONS = ("coder/create-task-action", "coder/create-coder-task", "coder/start-coder-task")
CHAT_ACTIONS = ("coder/agents-chat-action", "coder/create-agent-chat-action")
DEFAULT_CHAT_ACTION = "coder/agents-chat-action@v0"
ACTION_INPUT_RENAMES = {"coder-task-prompt": "chat-prompt", "github-issue-url": "github-url"}
ACTION_INPUTS_KEPT = ("coder-url", "coder-token", "github-token", "comment-on-issue")
ACTION_INPUTS_DROPPED = ("coder-template-name", "coder-template-preset", "coder-task-name-prefix")
ACTION_IDENTITY_INPUTS = ("github-user-id", "coder-username")
ACTION_OUTPUT_RENAMES = {
    "task-url": "chat-url",
    "task-created": "chat-created",
    "task-name": "chat-id",
}
CHAT_ACTION_INPUTS = (
    "chat-prompt",
    "coder-token",
    "coder-url",
    "github-url",
    "github-token",
    "coder-organization",
    "workspace-id",
    "model-config-id",
    "existing-chat-id",
    "comment-on-issue",
    "wait",
    "wait-timeout-seconds",
    "idempotency-key",
    "force-new-chat",
)
# Text in a workflow that shows it talks to Coder (DESIGN section 9): a Coder action, the
# session-token header, the CLI's environment variables.
# Evidence of Coder in a file whose call sites say nothing (DESIGN section 9): its session
# header and its environment variables.
CODER_EVIDENCE = re.compile(
    r"(?i)coder-session-token|\bCODER_(?:URL|SESSION_TOKEN|AGENT_URL|TOKEN|API|HOST)\b"
)
WORKFLOW_CODER_EVIDENCE = re.compile(CODER_EVIDENCE.pattern + r"|\buses:\s*['\"]?coder/")
# A Tasks API path anywhere in text (a log message, a URL no call of ours uses).
TASKS_PATH = re.compile(r"/api/(?:v2|experimental)/(?:tasks|aitasks|workspaceagents)")
TASKS_URL_IN_TEXT = re.compile(r"\S*" + TASKS_PATH.pattern + r"[^\s\"']*")

# --- Terraform (reference section 5) ---------------------------------------------------------

PROMPT_ENV_VARS = (
    "GOOSE_TASK_PROMPT",
    "GEMINI_TASK_PROMPT",
    "AMP_TASK_PROMPT",
    "CODER_MCP_APP_STATUS_SLUG",
)
PROMPT_ENV_PATTERN = re.compile(r"^CODER_MCP_[A-Z0-9_]*TASK_PROMPT$")
MODULE_TASK_INPUTS = ("ai_prompt", "task_prompt", "report_tasks", "experiment_report_tasks")


@dataclass(frozen=True)
class AgentModule:
    name: str
    last_tasks_major: int | None  # the last major version with Tasks inputs; None: all
    key_inputs: tuple[str, ...]
    key_env: tuple[str, ...]
    # Env entries older templates set on the agent for this module (reference section 5.2).
    legacy_env: tuple[str, ...] = ()
    # What the first major without Tasks changed besides dropping the Tasks inputs.
    next_major_note: str = ""


AGENT_MODULES = {
    "claude-code": AgentModule(
        "coder/claude-code",
        4,
        ("claude_api_key", "claude_code_oauth_token"),
        ("CLAUDE_API_KEY", "ANTHROPIC_API_KEY"),
        ("CODER_MCP_CLAUDE_API_KEY", "CODER_MCP_CLAUDE_SYSTEM_PROMPT", "CODER_MCP_CLAUDE_MD_PATH"),
        "5.0.0 (2026-04-24) dropped them and takes the key as `anthropic_api_key`",
    ),
    "codex": AgentModule(
        "coder-labs/codex",
        4,
        ("openai_api_key",),
        ("OPENAI_API_KEY",),
        (),
        "5.0.0 (2026-05-05) dropped them",
    ),
    "aider": AgentModule("coder/aider", None, ("ai_api_key", "api_key"), ()),
    "goose": AgentModule("coder/goose", None, (), ()),
    "amazon-q": AgentModule("coder/amazon-q", None, (), ()),
    "gemini": AgentModule(
        "coder-labs/gemini", None, ("gemini_api_key",), ("GEMINI_API_KEY", "GOOGLE_API_KEY")
    ),
    "auggie": AgentModule("coder-labs/auggie", None, ("augment_session_token",), ()),
    "copilot": AgentModule("coder-labs/copilot", None, ("github_token",), ()),
    "cursor-cli": AgentModule("coder-labs/cursor-cli", None, (), ("CURSOR_API_KEY",)),
    "opencode": AgentModule("coder-labs/opencode", None, ("auth_json",), ()),
    "sourcegraph-amp": AgentModule("coder-labs/sourcegraph-amp", None, (), ("AMP_API_KEY",)),
    "kiro-cli": AgentModule("harleylrn/kiro-cli", None, ("auth_json",), ()),
    "agentapi": AgentModule("coder/agentapi", None, (), ()),
}

# Module inputs that make the module report its status to Tasks.
MODULE_REPORT_INPUTS = ("report_tasks", "experiment_report_tasks")
# Module inputs that pass the task prompt.
MODULE_PROMPT_INPUTS = ("ai_prompt", "task_prompt")
# The env entry naming the app that reported status to Tasks.
STATUS_SLUG_ENV = "CODER_MCP_APP_STATUS_SLUG"
# Provider resources that only decorate a workspace: one counted on the task exists for it.
DECORATION_RESOURCES = ("coder_app", "coder_script", "coder_env", "coder_metadata")
# Provider resource arguments that hold shell scripts.
SCRIPT_ARGUMENTS = {
    "coder_script": ("script",),
    "coder_agent": ("startup_script", "shutdown_script"),
}
# Module inputs that hold shell scripts (their heredocs are read as shell).
MODULE_SCRIPT_INPUTS = (
    "pre_install_script",
    "post_install_script",
    "install_script",
    "start_script",
)
# Module outputs that exist for Tasks.
MODULE_TASK_OUTPUTS = ("task_app_id",)
AI_TASK_RESOURCE = "coder_ai_task"
TASK_DATA_SOURCE = "coder_task"
# Provider schema (reference section 5.1): what a reference may read.
AI_TASK_ATTRIBUTES = ("id", "app_id", "sidebar_app", "prompt", "enabled")
TASK_DATA_ATTRIBUTES = ("id", "prompt", "enabled")
# Env names that carry an LLM key into the workspace.
LLM_KEY_ENV = tuple(
    sorted(
        {name for module in AGENT_MODULES.values() for name in module.key_env}
        | {"CODER_MCP_CLAUDE_API_KEY"}
    )
)
# Agent-module key inputs too generic to mean an LLM key when seen as a variable name.
_GENERIC_KEY_INPUTS = ("api_key", "ai_api_key", "github_token", "auth_json")
# Template variable names that hold an LLM key for an agent module.
LLM_KEY_VARIABLES = tuple(
    sorted(
        {name.lower() for name in LLM_KEY_ENV if not name.startswith("CODER_")}
        | {
            name
            for module in AGENT_MODULES.values()
            for name in module.key_inputs
            if name not in _GENERIC_KEY_INPUTS
        }
    )
)
_REGISTRY_SOURCE = re.compile(
    r"^(?:[\w.-]*registry\.coder\.com/|git::https://github\.com/coder/registry)"
)


def is_prompt_env(name: str) -> bool:
    """An env name that passes the Tasks prompt or the Tasks status slug (TC505)."""
    return name in PROMPT_ENV_VARS or bool(PROMPT_ENV_PATTERN.match(name))


def agent_module_for_source(source: str) -> AgentModule | None:
    """The agent module a Terraform ``module`` source names, if it is one of Coder's."""
    if not _REGISTRY_SOURCE.match(source):
        return None
    path = re.split(r"[?]", source, maxsplit=1)[0]
    segments = [s for s in re.split(r"/+", path) if s]
    for name, module in AGENT_MODULES.items():
        namespace = module.name.split("/")[0]
        if name not in segments:
            continue
        index = segments.index(name)
        if index > 0 and segments[index - 1] in (namespace, "modules"):
            return module
    return None
