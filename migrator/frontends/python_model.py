"""One parsed Python file: positions, parents, imports, name bindings and evidence of Coder.

Everything the Python front-end asks about the code around a call lives here, so the call,
URL and response modules stay about their own subject.
"""

from __future__ import annotations

import re
import warnings
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import CodeRange, PositionProvider

from migrator.frontends import ParseError
from migrator.frontends.python_walk import FlatTree

_ERROR_AT = re.compile(r"error at (\d+):(\d+)")
_CODER_ENV = re.compile(r"^CODER_[A-Z0-9_]+$")
_TOKEN_HEADER = "coder-session-token"
_WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")

FunctionNode = cst.FunctionDef | cst.Module


def identifier_words(name: str) -> list[str]:
    return [word.lower() for part in name.split("_") for word in _WORD.findall(part)]


def names_coder(identifier: str) -> bool:
    """True for identifiers such as ``CODER_URL``, ``coder_session`` or ``CoderClient``."""
    return "coder" in identifier_words(identifier)


@dataclass
class Binding:
    """One place a name gets a value in a scope."""

    name: str
    kind: str  # assign, param, import, loop, with, other
    value: cst.BaseExpression | None
    target: cst.CSTNode


@dataclass
class _Scope:
    node: cst.CSTNode
    bindings: dict[str, list[Binding]] = field(default_factory=lambda: defaultdict(list))
    loads: dict[str, int] = field(default_factory=lambda: defaultdict(int))


# CPython refuses more than 200 nested brackets; libcst's native parser overflows its stack
# (a crash, not an exception) long before it would say so.
_MAX_NESTING = 200


def _bracket_depth(text: str) -> int:
    depth = deepest = 0
    for char in text:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth = max(depth - 1, 0)
    return deepest


def parse_python(text: str) -> cst.Module:
    if _bracket_depth(text) > _MAX_NESTING:
        # Python's own parser says whether the nesting is real (brackets in strings are not).
        precise = _compiler_position(text)
        if precise is not None:
            raise ParseError(*precise)
    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        precise = _compiler_position(text)
        if precise is not None:
            raise ParseError(*precise) from error
        raise ParseError(_parse_message(error), _error_offset(text, error)) from error
    except (RecursionError, ValueError) as error:
        raise ParseError(str(error) or type(error).__name__) from error


def _compiler_position(text: str) -> tuple[str, int] | None:
    """Python's own message and position for a syntax error: more precise than libcst's."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            compile(text, "<file>", "exec", dont_inherit=True)
        except SyntaxError as error:
            if not error.lineno:
                return None
            starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
            line = max(1, min(error.lineno, len(starts)))
            offset = starts[line - 1] + max((error.offset or 1) - 1, 0)
            return str(error.msg), min(offset, len(text))
        except ValueError:
            return None
    return None


def _parse_message(error: cst.ParserSyntaxError) -> str:
    return str(error.message).replace("parser error: ", "").strip()


def _error_offset(text: str, error: cst.ParserSyntaxError) -> int:
    match = _ERROR_AT.search(str(error.message))
    line, column = (int(match.group(1)), int(match.group(2))) if match else (error.raw_line, 0)
    starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
    line = max(1, min(line, len(starts)))
    return min(starts[line - 1] + column, len(text))


def _positions(module: cst.Module) -> Mapping[cst.CSTNode, CodeRange]:
    """What ``MetadataWrapper(module).resolve(PositionProvider)`` gives, without the wrapper's
    extra pass over the tree for batchable providers (this one is not)."""
    provider = PositionProvider()
    provider._gen_impl(module)
    return provider._computed


class PyModule:
    """A parsed file with the look-ups the front-end needs."""

    def __init__(self, text: str, module: cst.Module) -> None:
        self.text = text
        self.module = module
        positions = _positions(module)
        starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
        self._spans: dict[int, tuple[int, int]] = {}
        size = len(text)

        def offset(line: int, column: int) -> int:
            # libcst counts a final newline the file may not have.
            return min(starts[line - 1] + column, size) if line <= len(starts) else size

        for node, where in positions.items():
            self._spans[id(node)] = (
                offset(where.start.line, where.start.column),
                offset(where.end.line, where.end.column),
            )
        self.tree = FlatTree(module)
        self.parents: dict[int, cst.CSTNode] = {}
        self.scopes: dict[int, _Scope] = {}
        self.class_attrs: dict[int, dict[str, list[cst.BaseExpression]]] = {}
        self.imports: dict[str, str] = {}
        self.import_nodes: list[cst.Import | cst.ImportFrom] = []
        self.classes: dict[str, cst.ClassDef] = {}
        self.functions: dict[str, cst.FunctionDef] = {}
        self.docstrings: set[int] = set()
        _Collector(self).collect()

    def walk(self, node: cst.CSTNode, visitor: cst.CSTVisitor) -> None:
        """``node.visit(visitor)`` for a visitor that only reads."""
        self.tree.walk(node, visitor)

    # --- positions ---------------------------------------------------------------------

    def span(self, node: cst.CSTNode) -> tuple[int, int]:
        return self._spans[id(node)]

    def code(self, node: cst.CSTNode) -> str:
        start, end = self.span(node)
        return self.text[start:end]

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return self.parents.get(id(node))

    def ancestors(self, node: cst.CSTNode):
        current = self.parent(node)
        while current is not None:
            yield current
            current = self.parent(current)

    def function_of(self, node: cst.CSTNode) -> FunctionNode:
        for ancestor in self.ancestors(node):
            if isinstance(ancestor, cst.FunctionDef):
                return ancestor
        return self.module

    def class_of(self, node: cst.CSTNode) -> cst.ClassDef | None:
        for ancestor in self.ancestors(node):
            if isinstance(ancestor, cst.ClassDef):
                return ancestor
        return None

    # --- names --------------------------------------------------------------------------

    def bindings(self, name: str, at: cst.CSTNode) -> tuple[list[Binding], bool]:
        """The bindings of ``name`` seen from ``at`` and whether they are local to its
        function (False: module level)."""
        function = self.function_of(at)
        scope = self.scopes.get(id(function))
        if scope is not None and name in scope.bindings:
            return scope.bindings[name], function is not self.module
        module_scope = self.scopes[id(self.module)]
        return module_scope.bindings.get(name, []), False

    def single_value(self, name: str, at: cst.CSTNode) -> tuple[cst.BaseExpression | None, bool]:
        """The value of ``name`` when it is assigned exactly once, and whether locally."""
        found, local = self.bindings(name, at)
        if len(found) == 1 and found[0].kind == "assign":
            return found[0].value, local
        return None, local

    def loads(self, name: str, at: cst.CSTNode) -> int:
        scope = self.scopes.get(id(self.function_of(at)))
        return scope.loads.get(name, 0) if scope is not None else 0

    def attribute_values(self, node: cst.Attribute) -> list[cst.BaseExpression]:
        """Values assigned to ``self.<attr>`` in the class around ``node``."""
        if not isinstance(node.value, cst.Name) or node.value.value not in ("self", "cls"):
            return []
        klass = self.class_of(node)
        if klass is None:
            return []
        return self.class_attrs.get(id(klass), {}).get(node.attr.value, [])

    def qualified(self, node: cst.BaseExpression) -> str | None:
        """``requests.Session`` for ``Session`` imported from requests, and so on."""
        if isinstance(node, cst.Name):
            return self.imports.get(node.value, node.value)
        if isinstance(node, cst.Attribute):
            base = self.qualified(node.value)
            return f"{base}.{node.attr.value}" if base else None
        return None

    def has_import(self, module_name: str) -> bool:
        """True when a top-level ``import module_name`` binds the name."""
        for statement in self.module.body:
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                if isinstance(small, cst.Import):
                    for alias in small.names:
                        dotted = _dotted(alias.name)
                        bound = alias.asname is None and dotted.split(".")[0] == module_name
                        if bound:
                            return True
        return False

    def module_name_at(self, module_name: str, at: cst.CSTNode) -> tuple[str, bool] | None:
        """A name that is the module ``module_name`` where ``at`` is, and whether an import
        of it has to be added: the plain name, else the alias of a top-level import, else
        ``_<module>`` (imported under that alias). None when each of these means something
        else there."""
        if self._names_module(module_name, module_name, at):
            return module_name, not self.has_import(module_name)
        aliases = [
            alias
            for alias, dotted in self._top_level_aliases()
            if dotted == module_name and self._names_module(alias, module_name, at)
        ]
        if aliases:
            return aliases[0], False
        fresh = f"_{module_name}"
        if all(fresh not in s.bindings and fresh not in s.loads for s in self.scopes.values()):
            return fresh, True
        return None

    def _names_module(self, name: str, module_name: str, at: cst.CSTNode) -> bool:
        for ancestor in self.ancestors(at):
            if (
                isinstance(ancestor, cst.FunctionDef)
                and name in self.scopes[id(ancestor)].bindings
            ):
                return False
        found = self.scopes[id(self.module)].bindings.get(name, [])
        return all(_imports_module(b, name, module_name) for b in found)

    def _top_level_aliases(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for statement in self.module.body:
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                if isinstance(small, cst.Import):
                    for alias in small.names:
                        if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                            out.append((alias.asname.name.value, _dotted(alias.name)))
        return out

    # --- evidence -----------------------------------------------------------------------

    def evidence(self, node: cst.CSTNode, depth: int = 2) -> bool:
        """True when ``node`` shows Coder: the session-token header, a ``CODER_*``
        environment variable, or a name that says coder (followed through assignments)."""
        finder = _EvidenceFinder(self, depth)
        self.walk(node, finder)
        return finder.found

    def file_evidence(self) -> bool:
        finder = _EvidenceFinder(self, 0)
        self.walk(self.module, finder)
        return finder.found


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""


def _imports_module(binding: Binding, name: str, module_name: str) -> bool:
    """True when ``binding`` is an ``import`` that binds ``name`` to ``module_name``."""
    if not isinstance(binding.target, cst.Import):
        return False
    for alias in binding.target.names:
        dotted = _dotted(alias.name)
        if alias.asname is None and dotted.split(".")[0] == name == module_name:
            return True
        asname = alias.asname.name if alias.asname is not None else None
        if isinstance(asname, cst.Name) and asname.value == name and dotted == module_name:
            return True
    return False


def string_value(node: cst.CSTNode) -> str | None:
    """The value of a plain (not formatted, not bytes) string literal."""
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        try:
            value = node.evaluated_value
        except Exception:  # noqa: BLE001 - libcst raises plain exceptions for odd literals
            return None
        return value if isinstance(value, str) else None
    return None


class _EvidenceFinder(cst.CSTVisitor):
    def __init__(self, model: PyModule, depth: int) -> None:
        self.model = model
        self.depth = depth
        self.found = False

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self.found:
            return False
        if id(node) in self.model.docstrings:
            return False
        value = string_value(node) if isinstance(node, cst.SimpleString) else None
        if value is not None:
            if _TOKEN_HEADER in value.lower() or _CODER_ENV.match(value):
                self.found = True
            return False
        if isinstance(node, cst.Name):
            if names_coder(node.value):
                self.found = True
            elif self.depth > 0:
                assigned, _ = self.model.single_value(node.value, node)
                if assigned is not None and assigned is not node:
                    self.found = self.model.evidence(assigned, self.depth - 1)
            return False
        if isinstance(node, cst.Attribute):
            if names_coder(node.attr.value):
                self.found = True
                return False
            if self.depth > 0:
                for assigned in self.model.attribute_values(node):
                    if self.model.evidence(assigned, self.depth - 1):
                        self.found = True
                        return False
        return True


class _Collector(cst.CSTVisitor):
    """One pass over the tree: parents, scopes and bindings, imports, class attributes."""

    def __init__(self, model: PyModule) -> None:
        self.model = model
        self.stack: list[cst.CSTNode] = []
        self.functions: list[_Scope] = []

    def collect(self) -> None:
        scope = _Scope(self.model.module)
        self.model.scopes[id(self.model.module)] = scope
        self.functions.append(scope)
        self.model.walk(self.model.module, self)
        self._mark_docstring(self.model.module.body)

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self.stack:
            self.model.parents[id(node)] = self.stack[-1]
        self.stack.append(node)
        return super().on_visit(node)

    def on_leave(self, original_node: cst.CSTNode) -> None:
        self.stack.pop()
        super().on_leave(original_node)

    def _bind(self, target: cst.CSTNode, kind: str, value: cst.BaseExpression | None) -> None:
        scope = self.functions[-1]
        if isinstance(target, cst.Name):
            scope.bindings[target.value].append(Binding(target.value, kind, value, target))
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._bind(element.value, "other", None)
        elif isinstance(target, cst.StarredElement):
            self._bind(target.value, "other", None)
        elif isinstance(target, cst.Attribute) and value is not None:
            if isinstance(target.value, cst.Name) and target.value.value in ("self", "cls"):
                klass = next(
                    (n for n in reversed(self.stack) if isinstance(n, cst.ClassDef)), None
                )
                if klass is not None:
                    attrs = self.model.class_attrs.setdefault(id(klass), {})
                    attrs.setdefault(target.attr.value, []).append(value)

    def _mark_docstring(self, body: object) -> None:
        statements = list(body) if isinstance(body, (list, tuple)) else []
        if not statements or not isinstance(statements[0], cst.SimpleStatementLine):
            return
        first = statements[0].body[0] if statements[0].body else None
        if isinstance(first, cst.Expr) and isinstance(
            first.value, (cst.SimpleString, cst.ConcatenatedString)
        ):
            self.model.docstrings.add(id(first.value))

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.functions[-1].bindings[node.name.value].append(
            Binding(node.name.value, "other", None, node)
        )
        if len(self.functions) == 1:
            self.model.functions.setdefault(node.name.value, node)
        scope = _Scope(node)
        self.model.scopes[id(node)] = scope
        self.functions.append(scope)
        for param in (
            list(node.params.params)
            + list(node.params.posonly_params)
            + list(node.params.kwonly_params)
        ):
            scope.bindings[param.name.value].append(
                Binding(param.name.value, "param", None, param)
            )
        for star in (node.params.star_arg, node.params.star_kwarg):
            if isinstance(star, cst.Param):
                scope.bindings[star.name.value].append(
                    Binding(star.name.value, "param", None, star)
                )
        if isinstance(node.body, cst.IndentedBlock):
            self._mark_docstring(node.body.body)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.functions.pop()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.functions[-1].bindings[node.name.value].append(
            Binding(node.name.value, "other", None, node)
        )
        if len(self.functions) == 1:
            self.model.classes.setdefault(node.name.value, node)
        if isinstance(node.body, cst.IndentedBlock):
            self._mark_docstring(node.body.body)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            kind = "assign" if len(node.targets) == 1 else "other"
            self._bind(target.target, kind, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._bind(node.target, "assign", node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._bind(node.target, "other", None)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._bind(node.target, "other", None)

    def visit_For(self, node: cst.For) -> None:
        self._bind(node.target, "loop", None)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._bind(node.target, "loop", None)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._bind(node.asname.name, "with", node.item)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None:
            self._bind(node.name.name, "other", None)

    def visit_Import(self, node: cst.Import) -> None:
        self.model.import_nodes.append(node)
        for alias in node.names:
            dotted = _dotted(alias.name)
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                bound = alias.asname.name.value
                self.model.imports[bound] = dotted
            else:
                bound = dotted.split(".")[0]
                self.model.imports.setdefault(bound, bound)
            self.functions[-1].bindings[bound].append(Binding(bound, "import", None, node))

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.model.import_nodes.append(node)
        if isinstance(node.names, cst.ImportStar):
            return
        module = "." * len(node.relative) + (_dotted(node.module) if node.module else "")
        for alias in node.names:
            name = _dotted(alias.name)
            bound = name
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                bound = alias.asname.name.value
            self.model.imports[bound] = f"{module}.{name}" if module else name
            self.functions[-1].bindings[bound].append(Binding(bound, "import", None, node))

    def visit_Name(self, node: cst.Name) -> None:
        parent = self.stack[-2] if len(self.stack) > 1 else None
        if isinstance(parent, cst.Attribute) and parent.attr is node:
            return
        if isinstance(parent, cst.Arg) and parent.keyword is node:
            return
        if isinstance(parent, (cst.Param, cst.FunctionDef, cst.ClassDef)) and parent.name is node:
            return
        if isinstance(parent, cst.AssignTarget) and parent.target is node:
            return
        self.functions[-1].loads[node.value] += 1
