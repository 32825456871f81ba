#!/usr/bin/env bash
# Usage: assign-task.sh USERNAME PROMPT — a lead starts a task on a teammate's behalf.
set -euo pipefail

assignee="$1"
prompt="$2"

curl -fsS -XPOST "$CODER_URL/api/v2/tasks/$assignee" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  -H 'Content-Type: application/json' \
  -d "{\"template_version_id\": \"$TEAM_TEMPLATE_VERSION\", \"input\": \"$prompt\"}"
