"""Suppression comments in every language's comment syntax, TC002, and --add-suppressions.

The fixture cases under tests/cases/suppressions run the same forms through the harness;
these tests pin down the edges: what is not a comment, where a written suppression may not
go, and that the files stay valid."""

from __future__ import annotations

import ast
import json
import re
import subprocess
from pathlib import Path

import hcl2
import pytest
import yaml

from migrator.model import Source
from migrator.suppressions import directives, layout_for
from tests.harness import run_cli

TOKEN = "Coder-Session-Token: $CODER_SESSION_TOKEN"
DELETE = f'curl -X DELETE -H "{TOKEN}" "$CODER_URL/api/v2/tasks/me/$ID"'


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def codes(root: Path, *args: str) -> list[tuple[str, int, str]]:
    code, out, err = run_cli(["check", ".", "--output-format", "json", *args], root)
    assert code in (0, 1), err
    document = json.loads(out)
    return sorted((f["filename"], f["location"]["row"], f["code"]) for f in document["findings"])


def comment_texts(name: str, language: str, text: str) -> list[str]:
    source = Source(Path(name), text, language=language)
    layout = layout_for(source)
    return sorted(text[c.start : c.end] for c in layout.comments)


@pytest.mark.parametrize(
    "name,language,text,expected",
    [
        (
            "a.sh",
            "shell",
            "echo \"# no\" '# no' $# ${#x}  # yes\ncat <<EOF\n# no\nEOF\n# yes too\n",
            ["# yes", "# yes too"],
        ),
        (
            "a.py",
            "python",
            'x = "# no"  # yes\ny = """\n# no\n"""\n# yes too\n',
            ["# yes", "# yes too"],
        ),
        (
            ".github/workflows/a.yml",
            "workflow",
            'a: "# no"  # yes\nb: x#no\nrun: |\n  echo "# no"  # shell\n  # shell too\n',
            ["# shell", "# shell too", "# yes"],
        ),
        (
            "a.tf",
            "terraform",
            'a = "x#no" # yes\nb = 1 // slashes\n/* block */\nc = <<-EOT\n  # shell\nEOT\n',
            ["# shell", "# yes", "// slashes"],
        ),
    ],
)
def test_only_real_comments_are_read(
    name: str, language: str, text: str, expected: list[str]
) -> None:
    assert comment_texts(name, language, text) == expected


def test_directive_forms() -> None:
    text = (
        "# tasks2chats: ignore[TC104,TC2]\n"
        "# tasks2chats:ignore[ tc301 ]\n"
        "# tasks2chats: ignore-file[TC5]\n"
        "# tasks2chats: ignore\n"
        "# tasks2chats: ignored[TC1] is not a directive\n"
    )
    source = Source(Path("a.sh"), text, language="shell")
    found = directives(source, layout_for(source))
    assert [(d.file_level, d.codes) for d in found] == [
        (False, ("TC104", "TC2")),
        (False, ("TC301",)),
        (True, ("TC5",)),
        (False, ()),
    ]


def test_a_comment_line_inside_a_multi_line_statement_is_on_it(tmp_path: Path) -> None:
    text = (
        "import os\n\nimport requests\n\nURL = os.environ['CODER_URL']\nID = 1\n"
        "requests.delete(\n"
        "    # tasks2chats: ignore[TC104]\n"
        '    f"{URL}/api/v2/tasks/me/{ID}",\n'
        ")\n"
    )
    write(tmp_path, {"a.py": text})
    assert codes(tmp_path) == []


def test_a_blank_line_separates_a_comment_from_the_statement(tmp_path: Path) -> None:
    write(tmp_path, {"a.sh": f"# tasks2chats: ignore[TC104]\n\n{DELETE}\n"})
    assert codes(tmp_path) == [("a.sh", 1, "TC002"), ("a.sh", 3, "TC104")]


def test_a_comment_above_a_pipeline_covers_the_reads_of_its_response(tmp_path: Path) -> None:
    script = (
        "# tasks2chats: ignore[TC101, TC204]\n"
        f'curl -s -H "{TOKEN}" "$CODER_URL/api/v2/tasks?q=owner:me" \\\n'
        "  | jq -r '.tasks[].id'\n"
    )
    write(tmp_path, {"a.sh": script})
    assert codes(tmp_path) == []


def test_unused_codes_of_unselected_rules_are_not_judged(tmp_path: Path) -> None:
    write(tmp_path, {"a.sh": f"{DELETE}  # tasks2chats: ignore[TC104]\ncoder task list\n"})
    assert codes(tmp_path, "--select", "TC3,TC002") == [("a.sh", 2, "TC301")]
    assert codes(tmp_path, "--ignore", "TC104") == [("a.sh", 2, "TC301")]
    assert codes(tmp_path, "--ignore", "TC3") == []


def test_file_without_tasks_usage_still_reports_a_stale_suppression(tmp_path: Path) -> None:
    """The prefilter skips the file's analysis; the suppression is judged all the same."""
    write(tmp_path, {"a.sh": "uptime  # tasks2chats: ignore[TC104]\n"})
    assert codes(tmp_path) == [("a.sh", 1, "TC002")]


def test_ignore_file_can_silence_tc002(tmp_path: Path) -> None:
    text = "# tasks2chats: ignore-file[TC002]\nuptime  # tasks2chats: ignore[TC104]\n"
    write(tmp_path, {"a.sh": text})
    assert codes(tmp_path) == []


def test_unparseable_file_can_be_suppressed_and_its_suppressions_are_not_judged(
    tmp_path: Path,
) -> None:
    broken = 'URL = "/api/v2/tasks"\ndef broken(:\n'
    text = f"# tasks2chats: ignore-file[TC001]\n# tasks2chats: ignore[TC104]\n{broken}"
    write(tmp_path, {"a.py": text, "b.py": broken})
    assert codes(tmp_path) == [("b.py", 2, "TC001")]


def test_suppressed_findings_are_never_fixed(tmp_path: Path) -> None:
    text = f"{DELETE}  # tasks2chats: ignore[TC104]\n"
    write(tmp_path, {"a.sh": text})
    code, _out, err = run_cli(["check", ".", "--fix", "--unsafe-fixes"], tmp_path)
    assert code == 0, err
    assert (tmp_path / "a.sh").read_text() == text


def _valid(path: Path) -> None:
    text = path.read_text()
    if path.suffix == ".sh":
        subprocess.run(["bash", "-n", str(path)], check=True)
    elif path.suffix == ".py":
        ast.parse(text)
    elif path.suffix == ".yml":
        yaml.safe_load(text)
    elif path.suffix == ".tf":
        hcl2.loads(text)


ADD_CASES = {
    "scripts/a.sh": f"""\
#!/usr/bin/env bash
set -eu
curl -X DELETE \\
  -H "{TOKEN}" \\
  "$CODER_URL/api/v2/tasks/me/$1"
state=$(
  curl -s -H "{TOKEN}" "$CODER_URL/api/v2/tasks/me/$1" | jq -r '.status'
)
for id in $(cat ids); do
  case "$id" in
    *) {DELETE} ;;
  esac
done
bash <<EOF
{DELETE}
EOF
note="# tasks2chats: ignore[TC104]"
if curl -fsS -X DELETE -H "{TOKEN}" "$CODER_URL/api/v2/tasks/me/$2"; then echo gone; fi
# tasks2chats: ignore[TC301]
coder task list; {DELETE}
""",
    "bot/tasks.py": """\
import os

import requests

URL = os.environ["CODER_URL"]
HEADERS = {"Coder-Session-Token": os.environ["CODER_SESSION_TOKEN"]}


class Bot:
    def remove(self, task_id):
        if task_id:
            return requests.delete(
                f"{URL}/api/v2/tasks/me/{task_id}",
                headers=HEADERS,
            )
""",
    ".github/workflows/agents.yml": f"""\
name: Agents
on: push
jobs:
  agent:
    runs-on: ubuntu-latest
    steps:
      - name: Clean up
        env:
          CODER_URL: ${{{{ secrets.CODER_URL }}}}
        run: |
          echo start
          {DELETE}
      - run: coder task list
""",
    "templates/t/main.tf": f"""\
resource "coder_script" "cleanup" {{
  agent_id = "agent"
  script   = <<-EOT
    {DELETE}
  EOT
}}
""",
}


def test_add_suppressions_silences_every_finding_and_keeps_files_valid(tmp_path: Path) -> None:
    write(tmp_path, ADD_CASES)
    before = codes(tmp_path)
    assert {name for name, _, _ in before} == set(ADD_CASES)
    code, out, err = run_cli(["check", ".", "--add-suppressions"], tmp_path)
    assert code == 0, err
    assert out.startswith("Added ")
    assert codes(tmp_path) == []
    for name in ADD_CASES:
        _valid(tmp_path / name)

    script = (tmp_path / "scripts/a.sh").read_text()
    assert "# tasks2chats: ignore[TC104]\ncurl -X DELETE \\\n" in script
    assert re.search(r"\n# tasks2chats: ignore\[TC1\d\d\]\nstate=\$\(\n", script)
    assert "    # tasks2chats: ignore[TC104]\n    *) curl" in script
    assert re.search(r"\n# tasks2chats: ignore\[TC1\d\d\]\nbash <<EOF\n", script)
    assert "# tasks2chats: ignore[TC104]\nif curl" in script
    assert "# tasks2chats: ignore[TC104, TC301]\ncoder task list;" in script, "merged"
    workflow = (tmp_path / ".github/workflows/agents.yml").read_text()
    assert "        # tasks2chats: ignore[TC104]\n        run: |\n" in workflow
    assert "      # tasks2chats: ignore[TC301]\n      - run: coder task list" in workflow
    terraform = (tmp_path / "templates/t/main.tf").read_text()
    assert "  # tasks2chats: ignore[TC104]\n  script   = <<-EOT\n" in terraform
    python = (tmp_path / "bot/tasks.py").read_text()
    assert "            # tasks2chats: ignore[TC104]\n            return requests" in python

    code, out, _err = run_cli(["check", ".", "--add-suppressions"], tmp_path)
    assert (code, out) == (0, "Added 0 suppressions to 0 files.\n")


def test_add_suppressions_never_writes_inside_a_string(tmp_path: Path) -> None:
    text = 'x = """a\n"""; import requests; requests.delete(f"{U}/api/v2/tasks/me/{i}")\n'
    write(tmp_path, {"a.py": "import os\nU = os.environ['CODER_URL']\n" + text})
    code, _out, err = run_cli(["check", ".", "--add-suppressions"], tmp_path)
    assert code == 1
    assert "has no line where a comment can stand" in err
    assert (tmp_path / "a.py").read_text().endswith(text)


def test_add_suppressions_puts_tc001_at_the_top_after_a_shebang(tmp_path: Path) -> None:
    write(tmp_path, {"tool": '#!/usr/bin/env python3\nURL = "/api/v2/tasks"\ndef broken(:\n'})
    code, _out, err = run_cli(["check", "tool", "--add-suppressions"], tmp_path)
    assert code == 0, err
    assert (
        (tmp_path / "tool")
        .read_text()
        .startswith("#!/usr/bin/env python3\n# tasks2chats: ignore-file[TC001]\n")
    )
    assert codes(tmp_path) == []


def test_add_suppressions_is_not_combined_with_fixes(tmp_path: Path) -> None:
    write(tmp_path, {"a.sh": DELETE + "\n"})
    code, _out, err = run_cli(["check", ".", "--add-suppressions", "--fix"], tmp_path)
    assert code == 2
    assert "--add-suppressions" in err


def test_a_suppression_holds_back_the_whole_fix_it_covers_part_of(tmp_path: Path) -> None:
    """A list call and the read of its response are one fix: suppressing the read keeps the
    call as it is too, and the call is reported without a fix."""
    script = (
        f'curl -s -H "{TOKEN}" "$CODER_URL/api/v2/tasks?q=owner:me" \\\n'
        "  | jq -r '.tasks[].id'  # tasks2chats: ignore[TC204]\n"
    )
    write(tmp_path, {"a.sh": script})
    code, out, err = run_cli(["check", ".", "--fix", "--output-format", "json"], tmp_path)
    assert code == 1, err
    (finding,) = json.loads(out)["findings"]
    assert (finding["code"], finding["fix"]) == ("TC101", None)
    assert finding["message"].endswith("not fixed, since a suppression covers part of its fix")
    assert (tmp_path / "a.sh").read_text() == script
