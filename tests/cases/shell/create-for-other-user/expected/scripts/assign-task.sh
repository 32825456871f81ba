#!/usr/bin/env bash
# Usage: assign-task.sh USERNAME PROMPT — a lead starts a task on a teammate's behalf.
set -euo pipefail

assignee="$1"
prompt="$2"

curl -fsS -XPOST "$CODER_URL/api/experimental/chats" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  -H 'Content-Type: application/json' \
  -d "{\"organization_id\": \"$CODER_ORGANIZATION_ID\", \"content\": [{\"type\": \"text\", \"text\": \"$prompt\"}]}"
