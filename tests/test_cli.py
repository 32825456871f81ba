"""The command line as users meet it: exit codes, flags, bad input, what gets written."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest

from tests.harness import run_cli, run_subprocess

DELETE = (
    "#!/usr/bin/env bash\n"
    'curl -fsS -X DELETE -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \\\n'
    '  "$CODER_URL/api/v2/tasks/me/$TASK_ID"\n'
)
UPDATE_INPUT = (
    'curl -X PATCH -H "Coder-Session-Token: $T" "$CODER_URL/api/v2/tasks/me/$ID/input" '
    '-d \'{"input": "x"}\'\n'
)
CREATE = (
    'curl -X POST -H "Coder-Session-Token: $T" "$CODER_URL/api/v2/tasks/me" '
    '-d \'{"input": "hello"}\'\n'
)


def write(directory: Path, name: str, text: str | bytes) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        path.write_text(text)
    else:
        path.write_bytes(text)
    return path


def test_clean_tree_exits_0(tmp_path: Path) -> None:
    write(tmp_path, "ok.sh", 'curl "$CODER_URL/api/experimental/chats"\n')
    code, out, _ = run_cli(["check", "."], tmp_path)
    assert code == 0
    assert "No Tasks API usage found" in out


def test_findings_exit_1_and_exit_zero_turns_it_to_0(tmp_path: Path) -> None:
    write(tmp_path, "d.sh", DELETE)
    assert run_cli(["check", "."], tmp_path)[0] == 1
    assert run_cli(["check", ".", "--exit-zero"], tmp_path)[0] == 0


def test_fix_writes_and_exits_0_when_nothing_remains(tmp_path: Path) -> None:
    path = write(tmp_path, "d.sh", DELETE)
    code, out, _ = run_cli(["check", ".", "--fix"], tmp_path)
    assert code == 0, out
    assert "/api/experimental/chats/$TASK_ID" in path.read_text()
    assert "-X PATCH" in path.read_text()
    assert "Fixed 1 finding" in out


def test_exit_non_zero_on_fix(tmp_path: Path) -> None:
    write(tmp_path, "d.sh", DELETE)
    assert run_cli(["check", ".", "--fix", "--exit-non-zero-on-fix"], tmp_path)[0] == 1


def test_diff_writes_nothing_and_never_hides_manual_findings(tmp_path: Path) -> None:
    path = write(tmp_path, "m.sh", UPDATE_INPUT)
    code, out, err = run_cli(["check", ".", "--diff"], tmp_path)
    assert code == 1
    assert out == ""
    assert "TC106" in err
    assert path.read_text() == UPDATE_INPUT
    write(tmp_path, "m.sh", DELETE)
    code, out, _ = run_cli(["check", ".", "--diff"], tmp_path)
    assert code == 1 and out.startswith("--- a/m.sh")


def test_diff_of_a_clean_tree_exits_0(tmp_path: Path) -> None:
    write(tmp_path, "ok.sh", "echo hi\n")
    assert run_cli(["check", ".", "--diff"], tmp_path)[0] == 0


def test_unsafe_fixes_alone_writes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, "c.sh", CREATE)
    code, _, _ = run_cli(["check", ".", "--unsafe-fixes"], tmp_path)
    assert code == 1
    assert path.read_text() == CREATE


def test_create_is_unsafe_without_an_organisation_and_safe_with_one(tmp_path: Path) -> None:
    path = write(tmp_path, "c.sh", CREATE)
    run_cli(["check", ".", "--fix"], tmp_path)
    assert path.read_text() == CREATE
    run_cli(["check", ".", "--fix", "--organization-id-env", "ORG"], tmp_path)
    assert '"organization_id": "\'"$ORG"\'"' in path.read_text()


def test_organization_id_literal(tmp_path: Path) -> None:
    path = write(tmp_path, "c.sh", CREATE)
    uuid = "9f2c1c64-57c1-4d4b-bf6b-0a3f0b7a9d21"
    run_cli(["check", ".", "--fix", "--organization-id", uuid], tmp_path)
    assert f'"organization_id": "{uuid}"' in path.read_text()


@pytest.mark.parametrize(
    "args",
    [
        ["check", ".", "--organization-id", "not-a-uuid"],
        ["check", ".", "--organization-id-env", "1BAD"],
        ["check", ".", "--select", "XYZ"],
        ["check", ".", "--target", "v3"],
        ["check", ".", "--organization-id", "x", "--organization-id-env", "Y"],
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    result = run_subprocess(args, tmp_path)
    assert result.returncode == 2


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    result = run_subprocess(["check", "nope.sh"], tmp_path)
    assert result.returncode == 2
    assert b"nope.sh" in result.stderr


def test_exit_zero_never_hides_an_error(tmp_path: Path) -> None:
    result = run_subprocess(["check", "nope.sh", "--exit-zero"], tmp_path)
    assert result.returncode == 2


def test_select_and_ignore(tmp_path: Path) -> None:
    write(tmp_path, "d.sh", DELETE + UPDATE_INPUT)
    out = json.loads(run_cli(["check", ".", "--output-format", "json"], tmp_path)[1])
    assert {f["code"] for f in out["findings"]} == {"TC104", "TC106"}
    out = json.loads(
        run_cli(["check", ".", "--output-format", "json", "--select", "TC104"], tmp_path)[1]
    )
    assert {f["code"] for f in out["findings"]} == {"TC104"}
    out = json.loads(
        run_cli(["check", ".", "--output-format", "json", "--ignore", "TC10"], tmp_path)[1]
    )
    assert out["findings"] == []


def test_undecodable_file_is_tc001_and_untouched(tmp_path: Path) -> None:
    data = b"curl $CODER_URL/api/v2/tasks \xff\xfe\n"
    path = write(tmp_path, "bad.sh", data)
    code, out, _ = run_cli(["check", ".", "--fix"], tmp_path)
    assert code == 1 and "TC001" in out and "UTF-8" in out
    assert path.read_bytes() == data


def test_call_inside_unparseable_region_is_tc001(tmp_path: Path) -> None:
    text = (
        "if true; then\n"
        '  curl -X DELETE -H "Coder-Session-Token: $T" "$CODER_URL/api/v2/tasks/me/$I"\n'
    )
    write(tmp_path, "broken.sh", text)
    code, out, _ = run_cli(["check", ".", "--fix"], tmp_path)
    assert code == 1 and "TC001" in out
    assert (tmp_path / "broken.sh").read_text() == text


def test_binary_file_named_explicitly_is_tc001(tmp_path: Path) -> None:
    write(tmp_path, "blob.sh", b"\x00\x01/api/v2/tasks")
    code, out, _ = run_cli(["check", "blob.sh"], tmp_path)
    assert code == 1 and "TC001" in out and "binary" in out


def test_binary_file_found_by_walking_is_skipped_and_counted(tmp_path: Path) -> None:
    write(tmp_path, "blob.sh", b"\x00\x01/api/v2/tasks")
    code, out, _ = run_cli(["check", "."], tmp_path)
    assert code == 0 and "1 skipped" in out


def test_fix_keeps_mode_bom_and_crlf(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + DELETE.replace("\n", "\r\n").encode()
    path = write(tmp_path, "d.sh", data)
    path.chmod(0o751)
    run_cli(["check", ".", "--fix"], tmp_path)
    out = path.read_bytes()
    assert out.startswith(b"\xef\xbb\xbf")
    assert out.count(b"\r\n") == out.count(b"\n") == DELETE.count("\n")
    assert b"/api/experimental/chats/" in out
    assert stat.S_IMODE(path.stat().st_mode) == 0o751


def test_gitignored_files_are_skipped_but_named_files_are_checked(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    write(tmp_path, ".gitignore", "vendor/\n")
    write(tmp_path, "vendor/d.sh", DELETE)
    assert run_cli(["check", "."], tmp_path)[0] == 0
    assert run_cli(["check", "vendor/d.sh"], tmp_path)[0] == 1


def test_gitignore_is_honoured_outside_git(tmp_path: Path) -> None:
    write(tmp_path, ".gitignore", "generated/\n*.bak.sh\n")
    write(tmp_path, "generated/d.sh", DELETE)
    write(tmp_path, "old.bak.sh", DELETE)
    write(tmp_path, "node_modules/x/d.sh", DELETE)
    assert run_cli(["check", "."], tmp_path)[0] == 0
    write(tmp_path, "scripts/d.sh", DELETE)
    assert run_cli(["check", "."], tmp_path)[0] == 1


def test_shebang_without_extension(tmp_path: Path) -> None:
    write(tmp_path, "bin/cleanup", DELETE)
    code, out, _ = run_cli(["check", "."], tmp_path)
    assert code == 1 and "bin/cleanup" in out


def test_symlink_leaving_the_tree_is_skipped(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write(outside, "d.sh", DELETE)
    tree = tmp_path / "tree"
    tree.mkdir()
    os.symlink(outside / "d.sh", tree / "link.sh")
    code, out, _ = run_cli(["check", "."], tree)
    assert code == 0 and "1 skipped" in out


def test_file_changed_during_the_run_is_not_written(tmp_path: Path, monkeypatch) -> None:
    from migrator import writer
    from migrator.model import Source

    path = write(tmp_path, "d.sh", DELETE)
    source = Source.from_bytes(path, path.read_bytes())
    path.write_text(DELETE + "# edited meanwhile\n")
    with pytest.raises(writer.WriteError, match="changed on disk"):
        writer.write_source(source, "new")
    assert path.read_text().endswith("# edited meanwhile\n")


def test_rule_command(tmp_path: Path) -> None:
    code, out, _ = run_cli(["rule", "TC104"], tmp_path)
    assert code == 0
    for section in ("## What it does", "## Why", "## Example", "## Fix safety", "## Known limits"):
        assert section in out
    code, out, _ = run_cli(["rule", "--all"], tmp_path)
    assert code == 0 and "TC001" in out and "TC302" in out
    assert run_subprocess(["rule", "TC999"], tmp_path).returncode == 2


def test_every_rule_documents_every_section() -> None:
    from migrator.rules.base import all_rules

    for rule in all_rules().values():
        text = rule.documentation()
        for section in ("## What it does", "## Why", "## Example", "## Fix safety"):
            assert section in text, (rule.code, section)


def test_python_module_entry_point(tmp_path: Path) -> None:
    write(tmp_path, "d.sh", DELETE)
    result = run_subprocess(["check", "."], tmp_path)
    assert result.returncode == 1 and b"TC104" in result.stdout


def test_no_network_and_no_heavy_imports_for_shell_only_runs(tmp_path: Path) -> None:
    write(tmp_path, "d.sh", DELETE)
    probe = (
        "import socket, sys\n"
        "def refuse(*a, **k):\n    raise SystemExit('network use')\n"
        "socket.socket.connect = refuse\n"
        "from migrator.cli import main\n"
        "try:\n    main(['check', '.'])\n"
        "except SystemExit as e:\n    code = e.code\n"
        "bad = [m for m in ('libcst', 'hcl2') if m in sys.modules]\n"
        "print(code, bad)\n"
    )
    import sys

    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip().splitlines()[-1] == "1 []", result.stdout + result.stderr


def test_symlink_inside_the_tree_never_hides_its_target(tmp_path: Path) -> None:
    target = write(tmp_path, "scripts/cleanup.sh", DELETE)
    os.symlink("scripts/cleanup.sh", tmp_path / "a-link.sh")
    code, out, _ = run_cli(["check", "."], tmp_path)
    assert code == 1 and "scripts/cleanup.sh" in out and "1 file checked" in out
    assert target.read_text() == DELETE


def test_code_nested_too_deeply_is_tc001_and_the_run_goes_on(tmp_path: Path) -> None:
    concatenation = " + ".join(['"a"'] * 600)
    write(
        tmp_path,
        "deep.py",
        "import os, requests\n"
        'requests.get(os.environ["CODER_URL"] + "/api/v2/tasks")\n'
        f"x = {concatenation}\n",
    )
    write(
        tmp_path,
        "nested.py",
        'import os\nURL = "/api/v2/tasks"\n' + "(" * 3000 + "1" + ")" * 3000 + "\n",
    )
    write(tmp_path, "d.sh", DELETE)
    result = run_subprocess(["check", ".", "--output-format", "json"], tmp_path)
    assert result.returncode == 1, result.stderr
    codes = {(f["filename"], f["code"]) for f in json.loads(result.stdout)["findings"]}
    assert ("d.sh", "TC104") in codes
    assert ("deep.py", "TC001") in codes or ("deep.py", "TC101") in codes
    assert ("nested.py", "TC001") in codes


def test_yaml_alias_bomb_is_tc001_not_a_blow_up(tmp_path: Path) -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        levels.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    workflow = (
        "\n".join(levels) + "\non: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: coder/create-task-action@v0\n        with:\n"
        "          coder-task-prompt: *a9\n"
    )
    write(tmp_path, ".github/workflows/bomb.yml", workflow)
    result = run_subprocess(["check", ".", "--diff"], tmp_path)
    assert result.returncode == 1
    assert b"TC001" in result.stderr + result.stdout
