#!/usr/bin/env bash
# Old runbook: drive agent tasks with the coder CLI.
set -euo pipefail

name="fix-flaky-$(date +%Y%m%d)"

coder task create --template ai-dev --name "$name" "Fix the flaky integration tests"
coder task list --status active -o json | jq -r '.[].name'
coder task ls -q
coder task status "$name" --watch
coder task stat "$name" -o json > status.json
coder task logs "$name" > agent.log
echo "also run the linters" | coder task send "$name" --stdin
coder task pause "$name" --yes
coder task resume "$name" --no-wait
coder task delete "$name" -y
coder task rm "old-$name" --yes
