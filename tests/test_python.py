"""The Python front-end: outputs that parse and compile, the lazy import of libcst, and
before/after strings for shapes the fixture cases do not spell out."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path

import libcst as cst
import pytest

from migrator.frontends import Context, ParseError
from migrator.frontends.python import FRONTEND
from migrator.frontends.python_strings import StringStyle, decode
from migrator.frontends.python_walk import FlatTree, walk
from migrator.model import Source
from migrator.settings import Settings
from tests.harness import CASES, REPOSITORY, copy_tree, run_cli

PYTHON_CASES = CASES / "python"
HEADER = (
    'import os\nimport requests\nH = {"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]}\n'
)


def _python_outputs() -> list[Path]:
    out = []
    for case in sorted(PYTHON_CASES.iterdir()):
        tree = case / "expected" if (case / "expected").is_dir() else case / "input"
        if case.name == "unparseable-file":
            continue
        out.extend(sorted(tree.rglob("*.py")))
    return out


def _compile(text: str, name: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", SyntaxWarning)
        compile(text, name, "exec", dont_inherit=True)


@pytest.mark.parametrize(
    "path", _python_outputs(), ids=lambda p: p.relative_to(PYTHON_CASES).as_posix()
)
def test_every_python_output_parses_and_compiles(path: Path) -> None:
    text = path.read_text()
    cst.parse_module(text)
    _compile(text, str(path))


def test_the_migrated_demo_parses_and_compiles(tmp_path: Path) -> None:
    copy_tree(REPOSITORY / "fixtures" / "demo", tmp_path)
    args = ["check", ".", "--fix", "--unsafe-fixes", "--organization-id-env", "CODER_ID"]
    code, _out, err = run_cli(args, tmp_path)
    assert code in (0, 1), err
    changed = [p for p in tmp_path.rglob("*.py") if "api/experimental/chats" in p.read_text()]
    assert changed
    for path in tmp_path.rglob("*.py"):
        cst.parse_module(path.read_text())
        _compile(path.read_text(), str(path))


def _imports_libcst(directory: Path) -> bool:
    script = (
        "import sys\n"
        "from migrator.cli import main\n"
        "try:\n"
        "    main(['check', '.', '--exit-zero'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps('libcst' in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", "import json\n" + script],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_shell_only_run_never_imports_libcst(tmp_path: Path) -> None:
    shell = tmp_path / "shell"
    shell.mkdir()
    (shell / "list.sh").write_text(
        '#!/bin/sh\ncurl -H "Coder-Session-Token: $T" "$CODER_URL/api/v2/tasks"\n'
    )
    assert _imports_libcst(shell) is False
    python = tmp_path / "python"
    python.mkdir()
    (python / "list.py").write_text(HEADER + 'requests.get("http://coder/api/v2/tasks")\n')
    assert _imports_libcst(python) is True


# --- before and after ------------------------------------------------------------------------


def _check(tmp_path: Path, text: str, *args: str, fix: bool = True) -> tuple[str, list[str]]:
    source = tmp_path / "client.py"
    source.write_text(text)
    flags = ["--fix", "--unsafe-fixes"] if fix else []
    code, out, err = run_cli(["check", ".", "--output-format", "json", *args], tmp_path)
    assert code in (0, 1), err
    found = [
        f"{f['code']} {f['fix']['applicability'] if f['fix'] else 'manual'}"
        for f in json.loads(out)["findings"]
    ]
    if flags:
        code, _out, err = run_cli(["check", ".", *flags, *args], tmp_path)
        assert code in (0, 1), err
    return source.read_text(), sorted(found)


BECOMES = {
    "single-quotes-kept": (
        "requests.get(f'{os.environ[\"CODER_URL\"]}/api/v2/tasks/me/{tid}', headers=H)\n",
        "requests.get(f'{os.environ[\"CODER_URL\"]}/api/experimental/chats/{tid}', headers=H)\n",
    ),
    "implicit-concatenation": (
        'requests.get(CODER_URL + "/api/v2/tasks/"\n             "me/" + tid, headers=H)\n',
        'requests.get(CODER_URL + "/api/experimental/chats"\n             "/" + tid, headers=H)\n',
    ),
    "format-named-fields": (
        'requests.delete("{base}/api/v2/tasks/{who}/{tid}".format(base=CODER_URL, who=u, tid=t),'
        " headers=H)\n",
        'requests.patch("{base}/api/experimental/chats/{tid}".format(base=CODER_URL, tid=t),'
        ' headers=H, json={"archived": True})\n',
    ),
    "local-url-variable": (
        'def f(t):\n    url = f"{CODER_URL}/api/v2/tasks/me/{t}/pause"\n'
        "    return requests.post(url, headers=H)\n",
        'def f(t):\n    url = f"{CODER_URL}/api/experimental/chats/{t}/interrupt"\n'
        "    return requests.post(url, headers=H)\n",
    ),
    "local-body-variable": (
        'def f(t, text):\n    body = {"input": text}\n'
        '    requests.post(f"{CODER_URL}/api/v2/tasks/me/{t}/send", headers=H, json=body)\n',
        'def f(t, text):\n    body = {"content": [{"type": "text", "text": text}]}\n'
        '    requests.post(f"{CODER_URL}/api/experimental/chats/{t}/messages", headers=H, '
        "json=body)\n",
    ),
    "params-owner-me-dropped": (
        'requests.get(f"{CODER_URL}/api/v2/tasks", params={"q": "owner:me"}, headers=H)\n',
        'requests.get(f"{CODER_URL}/api/experimental/chats", headers=H)\n',
    ),
    "multi-line-body-keeps-indent": (
        'def go(p):\n    return requests.post(\n        f"{CODER_URL}/api/v2/tasks/me",\n'
        '        headers=H,\n        json={\n            "input": p,\n        },\n    )\n',
        'def go(p):\n    return requests.post(\n        f"{CODER_URL}/api/experimental/chats",\n'
        '        headers=H,\n        json={\n            "organization_id": '
        'os.environ["ORG"],\n            "content": [{"type": "text", "text": p}],\n'
        "        },\n    )\n",
    ),
    "percent-literal-percent-kept": (
        'requests.get("%s/api/v2/tasks?q=owner:me&label=100%%" % (CODER_URL,), headers=H)\n',
        'requests.get("%s/api/experimental/chats?label=100%%" % (CODER_URL,), headers=H)\n',
    ),
}


@pytest.mark.parametrize("name", sorted(BECOMES))
def test_becomes(name: str, tmp_path: Path) -> None:
    before, after = BECOMES[name]
    prefix = HEADER + 'CODER_URL = os.environ["CODER_URL"]\n'
    got, _ = _check(tmp_path, prefix + before, "--organization-id-env", "ORG")
    assert got == prefix + after


def test_import_os_is_added_once_after_the_docstring(tmp_path: Path) -> None:
    text = (
        '"""Start tasks."""\nimport requests\n\nH = {"Coder-Session-Token": "x"}\n'
        'requests.post("https://coder.example.com/api/v2/tasks/me", headers=H, '
        'json={"input": "a"})\n'
        'requests.post("https://coder.example.com/api/v2/tasks/me", headers=H, '
        'json={"input": "b"})\n'
    )
    got, found = _check(tmp_path, text)
    assert found == ["TC102 unsafe", "TC102 unsafe"]
    assert got.count("import os\n") == 1
    assert got.startswith('"""Start tasks."""\nimport os\nimport requests\n')
    assert got.count('os.environ["CODER_ORGANIZATION_ID"]') == 2


def test_a_status_filter_in_params_is_dropped_by_an_unsafe_fix(tmp_path: Path) -> None:
    text = (
        HEADER + 'requests.get("https://coder.example.com/api/v2/tasks", '
        'params={"q": "owner:me status:active"}, headers=H)\n'
    )
    got, found = _check(tmp_path, text)
    assert found == ["TC101 unsafe"]
    assert got == HEADER + (
        'requests.get("https://coder.example.com/api/experimental/chats", headers=H)\n'
    )


STAYS = {
    "url-variable-used-twice": (
        'URL = f"{CODER_URL}/api/v2/tasks"\n'
        "def a():\n    return requests.get(URL, headers=H)\n"
        "def b():\n    return requests.get(URL, headers=H).json()\n",
        ["TC101 manual", "TC101 manual"],
    ),
    "bytes-url": ('requests.get(b"/api/v2/tasks", headers=H)\n', []),
    # A Tasks URL in text is reported (DESIGN section 6) but never rewritten.
    "tasks-path-in-a-log-message": (
        'print(f"{CODER_URL}/api/v2/tasks/me/{t} is gone")\n',
        ["TC103 manual"],
    ),
    "other-product-auth-header": (
        'requests.get(f"{X}/api/v2/tasks", headers={"Authorization": "Bearer k"})\n',
        [],
    ),
    "other-product-env-base": (
        'B = os.environ["INFLUX_URL"]\nrequests.get(f"{B}/api/v2/tasks").json()["tasks"]\n',
        [],
    ),
    "other-product-literal-host": (
        'requests.get("http://influx.internal:8086/api/v2/tasks").json()["tasks"]\n',
        [],
    ),
    "dict-get-is-not-a-call": ('ROUTES = {}\nROUTES.get("/api/v2/tasks")\n', ["TC101 manual"]),
    "text-in-a-file-without-coder": ('print("see /api/v2/tasks")\n', []),
}


@pytest.mark.parametrize("name", sorted(STAYS))
def test_stays_the_same(name: str, tmp_path: Path) -> None:
    body, expected = STAYS[name]
    header = HEADER + 'CODER_URL = os.environ["CODER_URL"]\n'
    text = (header if name != "text-in-a-file-without-coder" else "") + body
    got, found = _check(tmp_path, text)
    assert got == text
    assert found == expected


# --- the front-end itself ----------------------------------------------------------------------


def _source(text: str) -> Source:
    return Source(Path("x.py"), text, language="python")


def test_parse_error_has_python_s_position() -> None:
    with pytest.raises(ParseError) as caught:
        FRONTEND.analyse(_source("import requests\ndef f(:\n    pass\n"), Context(Settings()))
    assert caught.value.offset == len("import requests\ndef f(")


def test_validate_is_relative_to_the_input() -> None:
    context = Context(Settings())
    good = _source("x = 1\n")
    assert FRONTEND.validate(good, "x = 2\n", context) is None
    assert "parse" in (FRONTEND.validate(good, "x = (\n", context) or "")
    # A file that never compiled (return outside a function) is not blamed on the fix.
    broken = _source("return 1\n")
    assert FRONTEND.validate(broken, "return 2\n", context) is None
    assert "compile" in (FRONTEND.validate(good, "return 2\n", context) or "")


@pytest.mark.parametrize(
    "token,text",
    [
        ('"a\\"b"', 'a"b'),
        ("'\\x1b'", "\x1b"),
        ('"\\N{LATIN SMALL LETTER E WITH ACUTE}/x"', "é/x"),
        ('"a\\\nb"', "ab"),
        ('r"\\d"', "\\d"),
    ],
)
def test_decoding_keeps_source_offsets(token: str, text: str) -> None:
    prefix = "r" if token.startswith("r") else ""
    body = token[len(prefix) + 1 : -1]
    decoded = decode(body, 10, bool(prefix), False)
    assert decoded.text == text
    assert decoded.starts[0] == 10 and decoded.ends[-1] == 10 + len(body)


def test_escaping_follows_the_token() -> None:
    assert StringStyle("", "'").escape("it's") == "it\\'s"
    assert StringStyle("f", '"').escape("{x}") == "{{x}}"
    assert StringStyle("r", '"').escape('say "hi"') is None
    assert StringStyle("", '"""').escape("a\nb") == "a\nb"


def test_decoding_a_whole_case_file_round_trips() -> None:
    for path in _python_outputs():
        text = path.read_text()
        for node in _strings(cst.parse_module(text)):
            style_prefix = node.prefix
            quote = node.quote
            body = node.value[len(style_prefix) + len(quote) : -len(quote)]
            decoded = decode(body, 0, "r" in style_prefix.lower(), False)
            assert decoded.text == node.evaluated_value, (path, node.value)


def _strings(module: cst.Module) -> list[cst.SimpleString]:
    found: list[cst.SimpleString] = []

    class Visitor(cst.CSTVisitor):
        def visit_SimpleString(self, node: cst.SimpleString) -> None:
            if "b" not in node.prefix.lower():
                found.append(node)

    module.visit(Visitor())
    return found


def test_case_inputs_compile() -> None:
    for case in sorted(PYTHON_CASES.iterdir()):
        if case.name == "unparseable-file":
            continue
        for path in (case / "input").rglob("*.py"):
            _compile(path.read_text(), str(path))


def _python_sources() -> list[Path]:
    paths = sorted(CASES.glob("**/*.py")) + sorted((REPOSITORY / "migrator").glob("*.py"))
    return [p for p in paths if p.is_file()]


class _Recorder(cst.CSTVisitor):
    """Records every visit and leave; prunes below calls so that skipping is exercised."""

    def __init__(self) -> None:
        self.events: list[tuple[str, int]] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.events.append(("visit", id(node)))
        return not isinstance(node, cst.Call)

    def on_leave(self, original_node: cst.CSTNode) -> None:
        self.events.append(("leave", id(original_node)))


class _Typed(cst.CSTVisitor):
    def __init__(self) -> None:
        self.events: list[tuple[str, int]] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self.events.append(("def", id(node)))
        return node.name.value != "skip"

    def visit_Name(self, node: cst.Name) -> None:
        self.events.append(("name", id(node)))

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.events.append(("end", id(original_node)))


def test_read_only_walks_match_libcst_visits() -> None:
    sources = _python_sources()
    assert sources
    extra = "def skip(a):\n    return a.b(c)\n\ndef keep(d):\n    return d\n"
    for text in [p.read_text(encoding="utf-8", errors="replace") for p in sources] + [extra]:
        try:
            module = cst.parse_module(text)
        except cst.ParserSyntaxError:
            continue
        tree = FlatTree(module)
        assert [id(n) for n in tree.nodes] == _preorder(module)
        for kind in (_Recorder, _Typed):
            expected, flat, plain = kind(), kind(), kind()
            module.visit(expected)
            tree.walk(module, flat)
            walk(module, plain)
            assert flat.events == expected.events == plain.events
            functions = [n for n in tree.nodes if isinstance(n, cst.FunctionDef)][:3]
            for function in functions:
                expected, flat = kind(), kind()
                function.visit(expected)
                tree.walk(function, flat)
                assert flat.events == expected.events


def _preorder(module: cst.Module) -> list[int]:
    out: list[int] = []
    stack: list[cst.CSTNode] = [module]
    while stack:
        node = stack.pop()
        out.append(id(node))
        stack.extend(reversed(node.children))
    return out
