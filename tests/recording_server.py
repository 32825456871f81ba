"""A small HTTP server on loopback that answers like Coder's Chats API and records every
request, so tests can run migrated code for real and check what it sends."""

from __future__ import annotations

import json
import re
import threading
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
PREFIXES = ("/api/experimental/chats", "/api/v2/chats")


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> object:
        return json.loads(self.body.decode("utf-8"))


def _chat(chat_id: str, status: str = "waiting") -> dict[str, object]:
    return {
        "id": chat_id,
        "organization_id": "9f2c1c64-57c1-4d4b-bf6b-0a3f0b7a9d21",
        "owner_id": "1d2b5e5e-9e77-4e43-8a0c-6f2a1c0f7b10",
        "title": "Fix the flaky tests",
        "status": status,
        "archived": False,
        "created_at": "2026-12-01T10:00:00Z",
        "updated_at": "2026-12-01T10:05:00Z",
    }


class RecordingServer:
    """``with RecordingServer() as server: ... server.url ... server.requests``."""

    def __init__(self, answer_tasks_as: str | None = None) -> None:
        self.requests: list[Request] = []
        self.chat_id = str(uuid.UUID(int=0x5EED))
        self._answer_tasks_as = answer_tasks_as
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                outer.requests.append(
                    Request(
                        self.command,
                        parts.path,
                        parse_qs(parts.query),
                        {k.lower(): v for k, v in self.headers.items()},
                        body,
                    )
                )
                status, payload = outer.answer(self.command, parts.path)
                data = b"" if payload is None else json.dumps(payload).encode()
                self.send_response(status)
                if payload is not None:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = _handle

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> RecordingServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def answer(self, method: str, path: str) -> tuple[int, object]:
        if self._answer_tasks_as is not None:
            return 200, {"tasks": [], "links": {}}
        prefix = next((p for p in PREFIXES if path.startswith(p)), None)
        if prefix is None:
            return 404, {"message": f"not a Chats route: {path}"}
        rest = path[len(prefix) :].strip("/").split("/") if path[len(prefix) :] else []
        if not rest or rest == [""]:
            if method == "GET":
                return 200, [_chat(self.chat_id)]
            if method == "POST":
                return 201, _chat(self.chat_id, "running")
        elif len(rest) == 1 and method == "GET":
            return 200, _chat(rest[0])
        elif len(rest) == 1 and method == "PATCH":
            return 204, None
        elif len(rest) == 2 and rest[1] == "messages" and method == "POST":
            return 200, {"queued": False, "message": {"id": 7, "role": "user"}}
        elif len(rest) == 2 and rest[1] == "messages" and method == "GET":
            return 200, {"messages": [], "queued_messages": [], "has_more": False}
        elif len(rest) == 2 and rest[1] == "interrupt" and method == "POST":
            return 200, _chat(rest[0])
        return 404, {"message": f"no such Chats route: {method} {path}"}


# --- what a well-formed Chats request is ---------------------------------------------------------


def _content_parts(value: object) -> str | None:
    if not isinstance(value, list) or not value:
        return "content must be a non-empty list of parts"
    for part in value:
        if not isinstance(part, dict) or part.get("type") != "text":
            return f"content part {part!r} is not a text part"
        if not isinstance(part.get("text"), str) or set(part) != {"type", "text"}:
            return f"content part {part!r} must be {{type, text}} with a string text"
    return None


def chats_request_problem(request: Request, organization_id: str | None = None) -> str | None:
    """Why ``request`` is not a documented Chats request, or None."""
    prefix = next((p for p in PREFIXES if request.path.startswith(p)), None)
    if prefix is None:
        return f"{request.method} {request.path} is not a Chats path"
    if not request.headers.get("coder-session-token"):
        return "no Coder-Session-Token header"
    rest = [p for p in request.path[len(prefix) :].split("/") if p]
    body: object = None
    if request.body:
        if "json" not in request.headers.get("content-type", ""):
            return "a body without a JSON content type"
        try:
            body = request.json()
        except ValueError as error:
            return f"the body is not JSON: {error}"
    method = request.method
    if not rest:
        if method == "GET":
            return None if not request.body else "a list request with a body"
        if method == "POST":
            if not isinstance(body, dict):
                return "create needs a JSON object body"
            if set(body) - {"organization_id", "content", "workspace_id", "model_config_id"}:
                return f"create body has unknown keys: {sorted(body)}"
            org = body.get("organization_id")
            if not isinstance(org, str) or not UUID.match(org):
                return f"organization_id {org!r} is not a UUID"
            if organization_id is not None and org != organization_id:
                return f"organization_id {org!r} is not the configured one"
            return _content_parts(body.get("content"))
        return f"{method} on the chat list"
    if not UUID.match(rest[0]):
        return f"chat id {rest[0]!r} is not a UUID"
    if len(rest) == 1:
        if method == "GET":
            return None
        if method == "PATCH":
            if body != {"archived": True} and not (
                isinstance(body, dict) and set(body) <= {"archived", "title", "labels"}
            ):
                return f"PATCH body {body!r} is not an update"
            return None
        return f"{method} on a chat"
    if rest[1:] == ["messages"]:
        if method == "GET":
            return None
        if method == "POST":
            if not isinstance(body, dict) or set(body) - {"content", "busy_behavior"}:
                return f"message body {body!r} is not {{content}}"
            return _content_parts(body.get("content"))
    if rest[1:] == ["interrupt"] and method == "POST":
        return None if not request.body else "interrupt takes no body"
    return f"{method} {request.path} is not a Chats route"
