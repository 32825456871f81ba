#!/usr/bin/env bash
# Replace the prompt of a task that has not started working yet.
set -euo pipefail

TASK_ID="$1"
NEW_PROMPT="$(cat prompt.md)"

payload=$(jq -n --arg input "$NEW_PROMPT" '{input: $input}')
curl -fsS -X PATCH "$CODER_URL/api/v2/tasks/me/$TASK_ID/input" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  -H 'Content-Type: application/json' \
  -d "$payload"
