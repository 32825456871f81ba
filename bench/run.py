"""Time tasks2chats beside rg (the read-everything floor) and semgrep on the same tree.

    python bench/run.py --copies 40 --noise 2000 [--semgrep PATH] [--rg PATH]

The tree is made fresh: copies of the demo repository (each a team's service with Tasks
usage) among noise files of the same languages that mention no Tasks API. Each tool runs
three times; the median wall time is reported with its ratio to rg. Nothing here is a
test: it prints numbers for a person to read.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
DEMO = REPOSITORY / "fixtures" / "demo"
RULES = Path(__file__).resolve().parent / "semgrep-rules.yml"
PATTERN = r"/api/(v2|experimental)/(tasks|aitasks)|coder_ai_task|coder_task|create-task-action"

NOISE = {
    ".sh": '#!/usr/bin/env bash\nset -euo pipefail\ncurl -fsS "$API_URL/v1/items/{n}" '
    "| jq -r '.items[] | .name'\necho done {n}\n",
    ".py": "import requests\n\n\ndef fetch_{n}(session: requests.Session) -> dict:\n    return "
    'session.get(f"{{BASE}}/v1/orders/{n}").json()\n',
    ".tf": 'resource "null_resource" "r{n}" {{\n  triggers = {{ id = "{n}" }}\n}}\n',
    ".yml": "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make"
    " test-{n}\n",
}


def build_tree(root: Path, copies: int, noise: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    for index in range(copies):
        shutil.copytree(DEMO, root / f"service-{index:03d}")
    suffixes = sorted(NOISE)
    for index in range(noise):
        suffix = rng.choice(suffixes)
        folder = root / f"lib-{index % 50:02d}"
        if suffix == ".yml":
            folder = folder / ".github" / "workflows"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"file_{index:05d}{suffix}").write_text(NOISE[suffix].format(n=index))
    return sum(1 for p in root.rglob("*") if p.is_file())


def timed(
    command: list[str], runs: int = 3, env: dict[str, str] | None = None
) -> tuple[float, int]:
    times = []
    code = 0
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, env=env, check=False)
        times.append(time.perf_counter() - start)
        code = result.returncode
    return statistics.median(times), code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--noise", type=int, default=2000)
    parser.add_argument("--rg", default=shutil.which("rg"))
    parser.add_argument("--semgrep", default=shutil.which("semgrep"))
    parser.add_argument("--jobs", default="1")
    arguments = parser.parse_args()
    if not arguments.rg:
        sys.exit("bench: rg not found; install ripgrep (the floor every ratio is against)")

    with tempfile.TemporaryDirectory(prefix="tasks2chats-bench-") as directory:
        root = Path(directory)
        files = build_tree(root, arguments.copies, arguments.noise)
        rows = []
        rg_time, _ = timed([arguments.rg, "-l", "-e", PATTERN, str(root)])
        rows.append(("rg (literal search)", rg_time))
        ours, code = timed(
            [sys.executable, "-m", "migrator", "check", str(root), "--exit-zero",
             "--output-format", "json"]
        )  # fmt: skip
        if code != 0:
            sys.exit(f"bench: tasks2chats exited {code}")
        rows.append(("tasks2chats check", ours))
        if arguments.semgrep:
            env = {**os.environ, "SEMGREP_SEND_METRICS": "off"}
            command = [
                arguments.semgrep, "scan", "--config", str(RULES), "--metrics=off",
                "--disable-version-check", "--quiet", "--jobs", arguments.jobs, str(root),
            ]  # fmt: skip
            semgrep_time, _ = timed(command, env=env)
            rows.append(("semgrep (regex rules)", semgrep_time))
        print(f"tree: {files} files ({arguments.copies} demo copies, {arguments.noise} noise)")
        print(f"{'tool':<24}{'seconds':>10}{'x rg':>10}")
        for name, seconds in rows:
            print(f"{name:<24}{seconds:>10.2f}{seconds / rg_time:>10.1f}")
        if not arguments.semgrep:
            print("semgrep: not found (pass --semgrep PATH to include it)")


if __name__ == "__main__":
    main()
