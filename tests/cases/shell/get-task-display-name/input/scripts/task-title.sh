#!/usr/bin/env bash
# Usage: task-title.sh TASK_ID — prints the task's title for the release notes.
set -euo pipefail

TASK_ID="$1"
title=$(curl --silent --fail \
  --header "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  "$CODER_URL/api/v2/tasks/me/$TASK_ID" | jq -r .display_name)

printf '* %s (%s)\n' "$title" "$TASK_ID"
