"""HTTP calls in Python: which call it is, the client it goes through, its body, the evidence
that it talks to Coder, and how to write a rewritten call back in the file's own style."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import libcst as cst

from migrator import coderapi
from migrator.callmodel import (
    CallRewrite,
    EnvRef,
    Hole,
    HttpCall,
    JArray,
    JObject,
    JRaw,
    JStr,
    JValue,
    Lit,
    Piece,
)
from migrator.frontends import Context
from migrator.frontends.python_model import Binding, PyModule, string_value
from migrator.frontends.python_strings import split_token
from migrator.frontends.python_urls import (
    Atom,
    HoleAtom,
    UrlReader,
    pieces_of,
    remove_element,
    render_url,
)
from migrator.frontends.python_walk import walk
from migrator.model import Edit

HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options")
_CLIENT_CONSTRUCTORS = {
    "requests.Session": "requests",
    "requests.session": "requests",
    "requests.sessions.Session": "requests",
    "httpx.Client": "httpx",
    "httpx.AsyncClient": "httpx",
    "aiohttp.ClientSession": "aiohttp",
}
_LIBRARY_MODULES = ("requests", "httpx")
_URLLIB_REQUEST = ("urllib.request.Request", "request.Request", "urllib2.Request")
_URLOPEN = ("urllib.request.urlopen", "request.urlopen", "urllib2.urlopen")
_JSON_DUMPS = ("json.dumps",)
_AUTH_HEADER = re.compile(r"(?i)^(authorization|x-api-key|api-key|x-auth-token|private-token)$")
_CODER_ENV = re.compile(r"^CODER_[A-Z0-9_]+$")
_CONTAINERS = (cst.Dict, cst.List, cst.Set, cst.Tuple, cst.DictComp, cst.ListComp, cst.SetComp)
_MAPPINGS = ("dict", "collections.defaultdict", "collections.OrderedDict", "defaultdict")
# Test doubles for HTTP: calls on them register fake answers, they send nothing.
_MOCK_LIBRARIES = (
    "responses",
    "respx",
    "requests_mock",
    "aioresponses",
    "pytest_httpx",
    "httpretty",
    "pytest_httpserver",
)
# The pytest fixtures of those libraries, as test functions name their parameters.
_MOCK_FIXTURES = ("requests_mock", "respx_mock", "httpx_mock", "httpserver", "aioresponses")
_INJECTING_MOCKS = ("requests_mock.Mocker", "requests_mock.mock", "aioresponses.aioresponses")
_ENV_READERS = ("os.environ.get", "os.getenv", "environ.get", "getenv")


@dataclass
class Client:
    """What a call goes through: a library session, a wrapper class, or a module."""

    kind: str  # module, library, wrapper, unknown
    base: cst.BaseExpression | None = None
    evidence: bool | None = None
    methods: dict[str, bool] | None = None  # wrapper method -> accepts json=
    name: str = ""


@dataclass
class PyCall:
    """A call the front-end found, with what it needs to write it back."""

    node: cst.Call
    http: HttpCall
    style: str  # method, verb-arg, urllib, urlopen
    atoms: list[Atom]
    client: Client
    synthetic_base: Piece | None = None
    params_arg: cst.Arg | None = None
    body_arg: cst.Arg | None = None
    body_target: cst.BaseExpression | None = None
    body_kind: str = ""  # json, dumps, raw
    method_node: cst.BaseExpression | None = None
    endpoint: coderapi.Endpoint | None = None


def _arg(call: cst.Call, keyword: str, position: int | None = None) -> cst.Arg | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg
    if position is not None:
        positional = [a for a in call.args if a.keyword is None and not a.star]
        if position < len(positional):
            return positional[position]
    return None


class CallFinder:
    """Finds HTTP calls in one file."""

    def __init__(self, model: PyModule, context: Context, path: Path) -> None:
        self.model = model
        self.context = context
        self.path = path
        self.urls = UrlReader(model)
        self._module_texts: dict[str, str | None] = {}

    # --- finding -----------------------------------------------------------------------

    def find(self) -> list[PyCall]:
        calls: list[PyCall] = []
        finder = self

        class Visitor(cst.CSTVisitor):
            def visit_Call(self, node: cst.Call) -> None:
                found = finder.call(node)
                if found is not None:
                    calls.append(found)

        self.model.walk(self.model.module, Visitor())
        return calls

    def call(self, node: cst.Call) -> PyCall | None:
        model = self.model
        func = node.func
        qualified = model.qualified(func) or ""
        style = ""
        method = ""
        url_arg: cst.Arg | None = None
        method_node: cst.BaseExpression | None = None
        client = Client("unknown")

        if qualified in _URLLIB_REQUEST or (
            qualified.endswith(".Request") and qualified.startswith("urllib")
        ):
            style = "urllib"
            url_arg = _arg(node, "url", 0)
            method_arg = _arg(node, "method")
            data_arg = _arg(node, "data", 1)
            if method_arg is not None:
                value = string_value(method_arg.value)
                if value is None:
                    return None
                method, method_node = value.upper(), method_arg.value
            else:
                method = "POST" if data_arg is not None else "GET"
            client = Client("urllib")
        elif qualified in _URLOPEN:
            first = _arg(node, "url", 0)
            if first is None or self._is_request_object(first.value):
                return None
            style, url_arg, method = "urlopen", first, "GET"
            if _arg(node, "data", 1) is not None:
                method = "POST"
            client = Client("urllib")
        else:
            verb = self._verb_argument(node)
            if verb is not None:
                style = "verb-arg"
                method_node, url_arg = verb
                method = (string_value(method_node) or "").upper()
                if isinstance(func, cst.Attribute):
                    client = self.client_of(func.value)
                elif isinstance(func, cst.Name):
                    client = self._function_client(func.value)
            elif isinstance(func, cst.Attribute) and func.attr.value in HTTP_VERBS:
                style = "method"
                method = func.attr.value.upper()
                url_arg = _arg(node, "url", 0)
                client = self.client_of(func.value)
                if client.kind == "container":
                    return None
            elif isinstance(func, cst.Name) and func.value in HTTP_VERBS:
                style = "function"
                method = func.value.upper()
                url_arg = _arg(node, "url", 0)
                origin = model.imports.get(func.value, "")
                if origin.rsplit(".", 1)[0] in _LIBRARY_MODULES:
                    client = Client("module", name=func.value)
                else:
                    client = self._function_client(func.value)
        if not style or url_arg is None or url_arg.star:
            return None
        if self._is_mock(node):
            # A test registering a fake answer: its URL is reported as text, like a log line.
            return None

        atoms = self.urls.atoms(url_arg.value)
        pieces = pieces_of(atoms)
        params_arg = _arg(node, "params") if style in ("method", "verb-arg", "function") else None
        query = self._params_query(params_arg) if params_arg is not None else None
        url: list[Piece] = list(pieces)
        if query:
            url += [Lit("?"), *query]
        synthetic: Piece | None = None
        endpoint = coderapi.classify(url, method)
        if endpoint is None and client.base is not None:
            base_hole = self.urls.hole(client.base)
            name = f"{client.name}.base_url" if client.name else base_hole.source
            synthetic = Hole(
                name,
                None,
                name,
                base_hole.resolved or tuple(pieces_of(self.urls.atoms(client.base))),
            )
            url = [synthetic, *url]
            endpoint = coderapi.classify(url, method)
        if endpoint is None:
            return None

        found = PyCall(node, None, style, atoms, client, synthetic)  # type: ignore[arg-type]
        found.params_arg = params_arg if query else None
        found.method_node = method_node
        found.endpoint = endpoint
        http = HttpCall(
            method=method,
            url=url,
            start=model.span(node)[0],
            end=model.span(node)[1],
            renderer=PyRenderer(self, found),
            language="python",
        )
        found.http = http
        self._read_body(found)
        http.headers = self._headers(node)
        http.coder = self._verdict(found, endpoint.base)
        if synthetic is not None and endpoint.shared_prefix is None:
            # The path is relative to the client's base URL, which holds the API prefix.
            http.url_shared = synthetic.var if hasattr(synthetic, "var") else None
        return found

    def _is_mock(self, node: cst.Call) -> bool:
        """True for ``responses.add(...)``, ``requests_mock.get(...)``, ``respx.get(...)``,
        ``httpx_mock.add_response(...)`` and calls on the mockers these libraries make."""
        root: cst.BaseExpression = node.func
        while isinstance(root, (cst.Attribute, cst.Call)):
            root = root.value if isinstance(root, cst.Attribute) else root.func
        return isinstance(root, cst.Name) and self._names_mock(root, 0)

    def _names_mock(self, name: cst.Name, depth: int) -> bool:
        model = self.model
        bindings, _ = model.bindings(name.value, name)
        if not bindings or depth > 3:
            return False
        for binding in bindings:
            if binding.kind == "import":
                origin = model.imports.get(name.value, name.value)
                if origin.split(".")[0] not in _MOCK_LIBRARIES:
                    return False
            elif binding.kind == "param":
                if name.value not in _MOCK_FIXTURES and not self._injected_mock(binding):
                    return False
            elif binding.kind in ("assign", "with") and isinstance(binding.value, cst.Call):
                if not self._is_mock(binding.value):
                    return False
            else:
                return False
        return True

    def _injected_mock(self, binding: Binding) -> bool:
        """The last parameter of a test under ``@requests_mock.Mocker()`` and the like."""
        function = next(
            (a for a in self.model.ancestors(binding.target) if isinstance(a, cst.FunctionDef)),
            None,
        )
        if function is None:
            return False
        params = [p for p in function.params.params if p.name.value not in ("self", "cls")]
        if not params or params[-1] is not binding.target:
            return False
        for decorator in function.decorators:
            called = decorator.decorator
            if isinstance(called, cst.Call):
                called = called.func
            if (self.model.qualified(called) or "") in _INJECTING_MOCKS:
                return True
        return False

    def _verb_argument(self, node: cst.Call) -> tuple[cst.BaseExpression, cst.Arg] | None:
        """``x.request("POST", url)`` and wrappers called as ``api("GET", path)``."""
        method_arg = _arg(node, "method", 0)
        if method_arg is None:
            return None
        value = string_value(method_arg.value)
        if value is None or value.lower() not in HTTP_VERBS:
            return None
        url_arg = _arg(node, "url", 1 if method_arg.keyword is None else 0)
        if url_arg is None or url_arg is method_arg:
            return None
        return method_arg.value, url_arg

    def _is_request_object(self, node: cst.BaseExpression) -> bool:
        if isinstance(node, cst.Call):
            return (self.model.qualified(node.func) or "").endswith("Request")
        if isinstance(node, cst.Name):
            value, _ = self.model.single_value(node.value, node)
            return value is not None and self._is_request_object(value)
        return False

    def _params_query(self, arg: cst.Arg) -> list[Piece] | None:
        # TODO: only `params={"q": "..."}` written at the call is read; a filter held in a
        # variable or next to other parameters is not seen.
        if not isinstance(arg.value, cst.Dict) or len(arg.value.elements) != 1:
            return None
        element = arg.value.elements[0]
        if not isinstance(element, cst.DictElement) or string_value(element.key) != "q":
            return None
        value = string_value(element.value)
        if value is None:
            return None
        return [Lit("q=" + value)]

    # --- clients ------------------------------------------------------------------------

    def client_of(self, receiver: cst.BaseExpression, depth: int = 0) -> Client:
        model = self.model
        qualified = model.qualified(receiver) or ""
        if qualified in _LIBRARY_MODULES:
            return Client("module", name=qualified)
        if depth > 3:
            return Client("unknown")
        if isinstance(receiver, cst.Name) and receiver.value == "self":
            klass = model.class_of(receiver)
            if klass is not None:
                evidence = True if model.evidence(klass, 1) else None
                return Client("wrapper", None, evidence, _methods(klass), "self")
        if isinstance(receiver, cst.Name):
            bindings, _ = model.bindings(receiver.value, receiver)
            if len(bindings) == 1:
                binding = bindings[0]
                if binding.kind in ("assign", "with") and binding.value is not None:
                    client = self._client_from_value(binding.value, depth)
                    client.name = receiver.value
                    if client.kind == "library" and client.evidence is None:
                        client.evidence = self._header_mutation_evidence(
                            receiver.value, model.function_of(binding.target)
                        )
                    return client
                if binding.kind == "import":
                    return self._imported(receiver.value)
            return Client("unknown", name=receiver.value)
        if isinstance(receiver, cst.Attribute):
            values = model.attribute_values(receiver)
            if len(values) == 1:
                client = self._client_from_value(values[0], depth)
                client.name = model.code(receiver)
                klass = model.class_of(receiver)
                if client.kind == "library" and client.evidence is None and klass is not None:
                    client.evidence = self._header_mutation_evidence(model.code(receiver), klass)
                if client.evidence is None and klass is not None and model.evidence(klass, 1):
                    client.evidence = True
                return client
            return Client("unknown", name=model.code(receiver))
        if isinstance(receiver, cst.Call):
            return self._client_from_value(receiver, depth)
        return Client("unknown")

    def _client_from_value(self, value: cst.BaseExpression, depth: int) -> Client:
        model = self.model
        if isinstance(value, cst.Await):
            value = value.expression
        if isinstance(value, _CONTAINERS) or (
            isinstance(value, cst.Call) and (model.qualified(value.func) or "") in _MAPPINGS
        ):
            return Client("container")
        if not isinstance(value, cst.Call):
            if isinstance(value, (cst.Name, cst.Attribute)):
                return self.client_of(value, depth + 1)
            return Client("unknown")
        qualified = model.qualified(value.func) or ""
        if qualified in _CLIENT_CONSTRUCTORS:
            base_arg = _arg(value, "base_url")
            evidence = True if model.evidence(value, 2) else None
            if evidence is None:
                headers = _arg(value, "headers")
                if headers is not None and self._dict_has_auth(headers.value):
                    evidence = False
            return Client("library", base_arg.value if base_arg else None, evidence)
        if isinstance(value.func, cst.Name):
            name = value.func.value
            if name in model.classes:
                klass = model.classes[name]
                evidence = True if model.evidence(klass, 1) or model.evidence(value, 2) else None
                return Client("wrapper", None, evidence, _methods(klass))
            if name in model.functions:
                function = model.functions[name]
                evidence = True if model.evidence(function, 1) else None
                returned = _returned_value(function)
                client = (
                    self._client_from_value(returned, depth + 1)
                    if returned is not None
                    else Client("unknown")
                )
                client.evidence = client.evidence or evidence
                return client
            if name in model.imports:
                return self._imported(name)
        return Client("unknown")

    def _function_client(self, name: str) -> Client:
        """A plain function that wraps the HTTP library (``api("GET", path)``)."""
        function = self.model.functions.get(name)
        if function is not None:
            evidence = True if self.model.evidence(function, 1) else None
            return Client("function", None, evidence, None, name)
        if name in self.model.imports:
            imported = self._imported(name)
            imported.kind = "function"
            return imported
        return Client("unknown", name=name)

    def _header_mutation_evidence(self, receiver: str, scope: cst.CSTNode) -> bool | None:
        model = self.model
        found: list[bool] = []

        class Visitor(cst.CSTVisitor):
            def visit_Attribute(self, node: cst.Attribute) -> None:
                if node.attr.value == "headers" and model.code(node.value) == receiver:
                    statement = next(
                        (
                            a
                            for a in model.ancestors(node)
                            if isinstance(a, cst.SimpleStatementLine)
                        ),
                        None,
                    )
                    if statement is not None and model.evidence(statement, 2):
                        found.append(True)

        model.walk(scope, Visitor())
        return True if found else None

    def _imported(self, name: str) -> Client:
        dotted = self.model.imports.get(name, "")
        module, _, attribute = dotted.rpartition(".")
        if not module:
            # ``import name``: a module of its own, not a client class or instance in one.
            return Client("unknown", name=name)
        text = self.module_text(module)
        if text is None:
            return Client("unknown", name=name)
        evidence = True if text_shows_coder(text) else None
        methods = _imported_methods(text, attribute)
        return Client("wrapper" if methods else "unknown", None, evidence, methods, name)

    def module_text(self, module: str) -> str | None:
        """The text of a module of this repository that the file imports."""
        if module in self._module_texts:
            return self._module_texts[module]
        text = None
        dots = len(module) - len(module.lstrip("."))
        parts = [p for p in module.lstrip(".").split(".") if p]
        here = self.path.parent
        roots = [here.parents[dots - 2] if dots > 1 else here] if dots else [here, *here.parents]
        for root in roots[:8]:
            base = root.joinpath(*parts) if parts else root
            candidates = (base.with_suffix(".py"),) if base.name else ()
            for candidate in (*candidates, base / "__init__.py"):
                if candidate == self.path:
                    continue
                text = self.context.read_file(candidate)
                if text is not None:
                    break
            if text is not None:
                break
        self._module_texts[module] = text
        return text

    # --- evidence -----------------------------------------------------------------------

    def _headers(self, node: cst.Call) -> dict[str, str]:
        arg = _arg(node, "headers")
        out: dict[str, str] = {}
        value = self._dict_literal(arg.value) if arg is not None else None
        if value is None:
            return out
        for element in value.elements:
            if isinstance(element, cst.DictElement):
                key = string_value(element.key)
                if key is not None:
                    out[key] = string_value(element.value) or self.model.code(element.value)
        return out

    def _dict_literal(self, node: cst.BaseExpression) -> cst.Dict | None:
        if isinstance(node, cst.Dict):
            return node
        if isinstance(node, cst.Name):
            value, _ = self.model.single_value(node.value, node)
            if isinstance(value, cst.Dict):
                return value
        return None

    def _dict_has_auth(self, node: cst.BaseExpression) -> bool:
        value = self._dict_literal(node)
        if value is None:
            return False
        keys = [
            string_value(e.key) or "" for e in value.elements if isinstance(e, cst.DictElement)
        ]
        return any(_AUTH_HEADER.match(key) for key in keys)

    def _verdict(self, call: PyCall, base: list[Piece]) -> bool | None:
        """Coder or not, from what the call itself shows (DESIGN section 9)."""
        model = self.model
        verdicts: list[bool] = []
        headers = _arg(call.node, "headers")
        if headers is not None:
            if model.evidence(headers.value, 2):
                verdicts.append(True)
            elif self._dict_has_auth(headers.value):
                verdicts.append(False)
        for atom in call.atoms:
            if not isinstance(atom, HoleAtom) or atom.hole not in base:
                continue
            if model.evidence(atom.node, 2):
                verdicts.append(True)
            elif self._names_other_env(atom.node):
                verdicts.append(False)
        for piece in base:
            if isinstance(piece, Lit) and "://" in piece.text:
                host = piece.text.split("://", 1)[1].split("/", 1)[0]
                # A host written out is known: only a Coder-looking one counts for Coder.
                verdicts.append("coder" in host.lower())
        if call.client.evidence is not None:
            verdicts.append(call.client.evidence)
        if call.client.base is not None and model.evidence(call.client.base, 2):
            verdicts.append(True)
        if True in verdicts:
            return True
        if False in verdicts:
            return False
        return None

    def _names_other_env(self, node: cst.CSTNode, depth: int = 0) -> bool:
        """True when ``node`` reads an environment variable that is not Coder's."""
        model = self.model
        if depth > 2:
            return False
        if isinstance(node, cst.Name):
            value, _ = model.single_value(node.value, node)
            return value is not None and self._names_other_env(value, depth + 1)
        names: list[str] = []

        class Visitor(cst.CSTVisitor):
            def visit_Subscript(self, sub: cst.Subscript) -> None:
                if (model.qualified(sub.value) or "").endswith("environ") and sub.slice:
                    element = sub.slice[0].slice
                    if isinstance(element, cst.Index):
                        names.append(string_value(element.value) or "")

            def visit_Call(self, call: cst.Call) -> None:
                if (model.qualified(call.func) or "") in _ENV_READERS and call.args:
                    names.append(string_value(call.args[0].value) or "")

        model.walk(node, Visitor())
        return bool(names) and not any(_CODER_ENV.match(n) for n in names)

    # --- bodies -------------------------------------------------------------------------

    def _read_body(self, call: PyCall) -> None:
        node = call.node
        http = call.http
        json_arg = _arg(node, "json")
        data_arg = _arg(node, "data", 1 if call.style in ("urllib", "urlopen") else None)
        if data_arg is None:
            data_arg = _arg(node, "content")
        arg = json_arg or data_arg
        if arg is None:
            return
        http.has_body = True
        call.body_arg = arg
        value = self._local_value(arg.value)
        if arg is json_arg:
            call.body_kind = "json"
            target: cst.BaseExpression | None = value
        else:
            target = self._dumps_argument(value)
            call.body_kind = "dumps" if target is not None else "raw"
            if target is not None:
                target = self._local_value(target)
        if target is None:
            http.body_opaque = "the body is not built with json.dumps of a dict literal"
            return
        call.body_target = target
        if isinstance(target, cst.Name):
            http.body_opaque = f"the body is held in `{target.value}`, defined elsewhere"
            return
        if not isinstance(target, cst.Dict):
            http.body_opaque = f"the body `{self.model.code(target)}` is not a dict literal"
            return
        try:
            http.body = self.jvalue(target)
        except ValueError as error:
            http.body_opaque = str(error)

    def _local_value(self, node: cst.BaseExpression) -> cst.BaseExpression:
        """The value of a local variable assigned once and read only here, else ``node``."""
        if isinstance(node, cst.Name):
            value, local = self.model.single_value(node.value, node)
            if value is not None and local and self.model.loads(node.value, node) == 1:
                return value
        return node

    def _dumps_argument(self, value: cst.BaseExpression) -> cst.BaseExpression | None:
        """``X`` of ``json.dumps(X)`` and ``json.dumps(X).encode(...)``."""
        if (
            isinstance(value, cst.Call)
            and isinstance(value.func, cst.Attribute)
            and value.func.attr.value == "encode"
        ):
            value = value.func.value
        if isinstance(value, cst.Call) and (self.model.qualified(value.func) or "") in _JSON_DUMPS:
            if value.args and value.args[0].keyword is None and not value.args[0].star:
                return value.args[0].value
        return None

    def jvalue(self, node: cst.BaseExpression) -> JValue:
        model = self.model
        if isinstance(node, cst.Dict):
            items: list[tuple[str, JValue]] = []
            for element in node.elements:
                if not isinstance(element, cst.DictElement):
                    raise ValueError("the body dict unpacks another mapping (`**`)")
                key = string_value(element.key)
                if key is None:
                    raise ValueError(
                        f"the body has a key that is not a string literal: "
                        f"`{model.code(element.key)}`"
                    )
                items.append((key, self.jvalue(element.value)))
            return JObject(tuple(items))
        if isinstance(node, (cst.List, cst.Tuple)):
            values = []
            for element in node.elements:
                if isinstance(element, cst.StarredElement):
                    raise ValueError("the body unpacks a sequence (`*`)")
                values.append(self.jvalue(element.value))
            return JArray(tuple(values))
        value = string_value(node) if isinstance(node, cst.SimpleString) else None
        if value is not None:
            return JStr((Lit(value, model.span(node)),))
        if isinstance(node, cst.Name) and node.value in ("True", "False", "None"):
            return {"True": True, "False": False, "None": None}[node.value]
        if isinstance(node, cst.Integer):
            return int(node.evaluated_value)
        if isinstance(node, cst.Float):
            return float(node.evaluated_value)
        return JRaw(self.urls.hole(node))


def _methods(klass: cst.ClassDef) -> dict[str, bool]:
    out: dict[str, bool] = {}
    if not isinstance(klass.body, cst.IndentedBlock):
        return out
    for statement in klass.body.body:
        if isinstance(statement, cst.FunctionDef):
            params = statement.params
            names = [p.name.value for p in (*params.params, *params.kwonly_params)]
            out[statement.name.value] = "json" in names or isinstance(params.star_kwarg, cst.Param)
    return out


@functools.lru_cache(maxsize=32)
def _parse_imported(text: str) -> cst.Module | None:
    # Every call through a client of another module asks again for the same text.
    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError:
        return None


def _imported_methods(text: str, attribute: str) -> dict[str, bool] | None:
    """The methods of the class ``attribute`` is (or is an instance of) in another module."""
    module = _parse_imported(text)
    if module is None:
        return None
    classes = {s.name.value: s for s in module.body if isinstance(s, cst.ClassDef)}
    klass = classes.get(attribute)
    if klass is None:
        for statement in module.body:
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                if (
                    isinstance(small, cst.Assign)
                    and len(small.targets) == 1
                    and isinstance(small.targets[0].target, cst.Name)
                    and small.targets[0].target.value == attribute
                    and isinstance(small.value, cst.Call)
                    and isinstance(small.value.func, cst.Name)
                ):
                    klass = classes.get(small.value.func.value)
    return _methods(klass) if klass is not None else None


def _returned_value(function: cst.FunctionDef) -> cst.BaseExpression | None:
    returns: list[cst.BaseExpression] = []

    class Visitor(cst.CSTVisitor):
        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return node is function

        def visit_Return(self, node: cst.Return) -> None:
            if node.value is not None:
                returns.append(node.value)

    walk(function, Visitor())
    return returns[0] if len(returns) == 1 else None


def text_shows_coder(text: str) -> bool:
    return "coder-session-token" in text.lower() or bool(
        re.search(r"""["']CODER_[A-Z0-9_]+["']""", text)
    )


# --- writing calls back ------------------------------------------------------------------------


class _Unnamed(Exception):
    """A module the new code needs has no name that means it at the call."""


class PyRenderer:
    """Renders a ``CallRewrite`` as edits of one Python call."""

    def __init__(self, finder: CallFinder, call: PyCall) -> None:
        self.finder = finder
        self.model = finder.model
        self.call = call

    def render(self, call: HttpCall, rewrite: CallRewrite) -> list[Edit] | str:
        found = self.call
        new_url = list(rewrite.url)
        if found.synthetic_base is not None:
            if not new_url or new_url[0] != found.synthetic_base:
                return "the path is relative to a client base URL that would have to change"
            new_url = new_url[1:]
        edits: list[Edit] = []
        if found.params_arg is not None:
            if any(isinstance(p, Lit) and "?" in p.text for p in new_url):
                return "the query in `params=` would have to change by hand"
            removal = self._remove_arg(found.params_arg)
            if removal is None:
                return "`params=` cannot be removed"
            edits.extend(removal)
        url_edits = render_url(found.atoms, new_url)
        if isinstance(url_edits, str):
            return url_edits
        edits.extend(url_edits)
        imports: dict[str, tuple[str, bool]] = {}

        if rewrite.method != call.method:
            method_edits = self._method(rewrite.method)
            if isinstance(method_edits, str):
                return method_edits
            edits.extend(method_edits)
        if rewrite.set_body and rewrite.body is not None:
            try:
                body_edits = self._body(rewrite.body, rewrite.method.lower(), imports)
            except _Unnamed as error:
                return str(error)
            if isinstance(body_edits, str):
                return body_edits
            edits.extend(body_edits)
        elif rewrite.drop_body and found.body_arg is not None:
            removal = self._remove_arg(found.body_arg)
            if removal is None:
                return "the body cannot be removed"
            edits.extend(removal)
            if found.style == "urllib" and found.method_node is None and rewrite.method == "POST":
                edits.append(self._add_argument('method="POST"', self._quote()))
        if found.style == "urllib" and rewrite.json_content_type:
            header_edit = self._content_type()
            if header_edit is not None:
                edits.append(header_edit)
        for module_name, (name, needs_import) in sorted(imports.items()):
            if needs_import:
                alias = name if name != module_name else None
                edits.append(import_edit(self.model, module_name, alias))
        ordered = sorted(edits, key=lambda e: (e.start, e.end))
        for first, second in zip(ordered, ordered[1:], strict=False):
            if first.overlaps(second) and not (first.start == first.end == second.start):
                return "the rewritten parts of the call overlap"
        return edits

    # --- method -------------------------------------------------------------------------

    def _method(self, method: str) -> list[Edit] | str:
        found = self.call
        node = found.node
        model = self.model
        if found.style in ("method", "function"):
            name = method.lower()
            methods = found.client.methods
            if methods is not None and name not in methods:
                return f"`{found.client.name}` has no `{name}` method"
            if found.style == "function" and found.client.kind != "module":
                return f"`{model.code(node.func)}` would have to become `{name}`"
            if found.style == "function":
                return f"`{name}` would have to be imported"
            assert isinstance(node.func, cst.Attribute)
            start, end = model.span(node.func.attr)
            return [Edit(start, end, name)]
        if found.method_node is not None:
            token = model.code(found.method_node)
            if not isinstance(found.method_node, cst.SimpleString):
                return "the HTTP method is not a plain string"
            style, body_start, body_end = split_token(token)
            old = token[body_start:body_end]
            new = method.lower() if old.islower() else method
            start, _ = model.span(found.method_node)
            return [Edit(start + body_start, start + body_end, new)]
        if found.style == "urllib":
            return [self._add_argument(f"method={self._quote()}{method}{self._quote()}")]
        return "the HTTP method of this call cannot be changed"

    # --- body ---------------------------------------------------------------------------

    def _module(self, module_name: str, imports: dict[str, tuple[str, bool]]) -> str:
        """The name that is ``module_name`` at the call (recorded in ``imports``)."""
        if module_name not in imports:
            found = self.model.module_name_at(module_name, self.call.node)
            if found is None:
                raise _Unnamed(
                    f"`{module_name}` and `_{module_name}` mean something else here, so the"
                    f" `{module_name}` module the new code needs has no name to use"
                )
            imports[module_name] = found
        return imports[module_name][0]

    def _body(
        self, body: JValue, method: str, imports: dict[str, tuple[str, bool]]
    ) -> list[Edit] | str:
        found = self.call
        model = self.model
        quote = self._quote()
        target = found.body_target
        if (
            found.body_arg is not None
            and target is not None
            and found.body_kind
            in (
                "json",
                "dumps",
            )
        ):
            start, end = model.span(target)
            original = model.code(target)
            indent = None
            if "\n" in original:
                indent = _line_indent(model.text, start)
            return [Edit(start, end, self._json(body, quote, indent, imports))]
        if found.style in ("urllib", "urlopen"):
            json_name = self._module("json", imports)
            text = f"{json_name}.dumps({self._json(body, quote, None, imports)}).encode()"
            if found.body_arg is not None:
                start, end = model.span(found.body_arg.value)
                return [Edit(start, end, text)]
            return [self._add_argument(f"data={text}")]
        if found.body_arg is not None:
            return "the body is not a dict literal that can be rewritten"
        methods = found.client.methods
        name = method if found.style == "method" else "request"
        if methods is not None and not methods.get(name, False):
            return f"`{found.client.name}.{name}` does not take a `json=` body"
        return [self._add_argument(f"json={self._json(body, quote, None, imports)}")]

    def _json(
        self,
        value: JValue,
        quote: str,
        indent: str | None,
        imports: dict[str, tuple[str, bool]],
    ) -> str:
        model = self.model

        def string(text: str) -> str:
            escaped = text.replace("\\", "\\\\").replace(quote, "\\" + quote)
            escaped = escaped.replace("\n", "\\n").replace("\x1b", "\\x1b")
            return f"{quote}{escaped}{quote}"

        def env(ref: EnvRef) -> str:
            return f"{self._module('os', imports)}.environ[{string(ref.name)}]"

        def render(node: JValue, depth: int) -> str:
            if isinstance(node, JObject):
                items = [f"{string(k)}: {render(v, depth + 1)}" for k, v in node.items]
                if indent is not None and depth == 0 and items:
                    inner = indent + "    "
                    return "{\n" + "".join(f"{inner}{i},\n" for i in items) + indent + "}"
                return "{" + ", ".join(items) + "}"
            if isinstance(node, JArray):
                return "[" + ", ".join(render(v, depth + 1) for v in node.values) + "]"
            if isinstance(node, JStr):
                parts: list[str] = []
                for piece in node.pieces:
                    if isinstance(piece, EnvRef):
                        parts.append(env(piece))
                    elif (
                        isinstance(piece, Lit) and piece.span is not None and len(node.pieces) == 1
                    ):
                        parts.append(model.text[piece.span[0] : piece.span[1]])
                    elif isinstance(piece, Lit):
                        parts.append(string(piece.text))
                    else:
                        parts.append(f"str({piece.source})")
                return " + ".join(parts) if parts else string("")
            if isinstance(node, JRaw):
                return env(node.hole) if isinstance(node.hole, EnvRef) else node.hole.source
            if isinstance(node, bool) or node is None:
                return repr(node)
            return repr(node)

        return render(value, 0)

    def _quote(self) -> str:
        found = self.call
        target = found.body_target
        if isinstance(target, cst.Dict):
            for element in target.elements:
                if isinstance(element, cst.DictElement) and isinstance(
                    element.key, cst.SimpleString
                ):
                    return split_token(element.key.value)[0].quote[0]
        for atom in found.atoms:
            style = getattr(atom, "style", None)
            if style is not None:
                return style.quote[0]
        return '"'

    def _content_type(self) -> Edit | None:
        headers = _arg(self.call.node, "headers")
        quote = self._quote()
        entry = f"{quote}Content-Type{quote}: {quote}application/json{quote}"
        if headers is None:
            return self._add_argument(f"headers={{{entry}}}")
        if not isinstance(headers.value, cst.Dict):
            return None
        keys = [
            (string_value(e.key) or "").lower()
            for e in headers.value.elements
            if isinstance(e, cst.DictElement)
        ]
        if "content-type" in keys:
            return None
        if not headers.value.elements:
            start, end = self.model.span(headers.value)
            return Edit(start, end, "{" + entry + "}")
        last = headers.value.elements[-1]
        _, end = self.model.span(last)
        return Edit(end, end, f", {entry}")

    # --- arguments ----------------------------------------------------------------------

    def _add_argument(self, text: str) -> Edit:
        node = self.call.node
        model = self.model
        if not node.args:
            start, end = model.span(node)
            close = model.text.rfind(")", start, end)
            return Edit(close, close, text)
        last = node.args[-1]
        _, end = model.span(last)
        between = model.text[end : model.span(node)[1]]
        if isinstance(last.comma, cst.Comma) and "\n" in between:
            indent = _line_indent(model.text, model.span(last)[0])
            comma_at = model.text.find(",", end)
            return Edit(comma_at + 1, comma_at + 1, f"\n{indent}{text},")
        return Edit(end, end, f", {text}")

    def _remove_arg(self, arg: cst.Arg) -> tuple[Edit, ...] | None:
        args = list(self.call.node.args)
        if len(args) < 2:
            return None
        return remove_element(self.model, args, args.index(arg))


def _line_indent(text: str, offset: int) -> str:
    line_start = text.rfind("\n", 0, offset) + 1
    line = text[line_start:offset]
    return line[: len(line) - len(line.lstrip())]


def import_edit(model: PyModule, module_name: str, alias: str | None = None) -> Edit:
    """Insert ``import module_name`` (``as alias``) among the file's top-level imports."""
    statements = list(model.module.body)
    plain: list[tuple[str, cst.CSTNode]] = []
    first_from: cst.CSTNode | None = None
    after: cst.CSTNode | None = None
    for index, statement in enumerate(statements):
        if not isinstance(statement, cst.SimpleStatementLine):
            break
        small = statement.body[0] if statement.body else None
        if isinstance(small, cst.Import):
            plain.append((model.code(small.names[0].name), statement))
            after = statement
        elif isinstance(small, cst.ImportFrom):
            is_future = isinstance(small.module, cst.Name) and small.module.value == "__future__"
            if is_future:
                after = statement
            elif first_from is None:
                first_from = statement
                after = statement
            else:
                after = statement
        elif index == 0 and isinstance(small, cst.Expr) and string_value(small.value) is not None:
            after = statement
        else:
            break
    line = f"import {module_name}\n" if alias is None else f"import {module_name} as {alias}\n"
    for name, statement in plain:
        if name > module_name:
            return Edit(_line_start(model, statement), _line_start(model, statement), line)
    if plain:
        end = _line_end(model, plain[-1][1])
        return Edit(end, end, line if model.text[end - 1 : end] == "\n" else "\n" + line)
    if first_from is not None:
        return Edit(_line_start(model, first_from), _line_start(model, first_from), line)
    if after is not None:
        return Edit(_line_end(model, after), _line_end(model, after), "\n" + line)
    return Edit(_first_code_offset(model), _first_code_offset(model), line)


def _line_start(model: PyModule, node: cst.CSTNode) -> int:
    start, _ = model.span(node)
    return model.text.rfind("\n", 0, start) + 1


def _line_end(model: PyModule, node: cst.CSTNode) -> int:
    _, end = model.span(node)
    newline = model.text.find("\n", end)
    return len(model.text) if newline < 0 else newline + 1


def _first_code_offset(model: PyModule) -> int:
    if model.module.body:
        return _line_start(model, model.module.body[0])
    return len(model.text)
