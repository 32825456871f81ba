#!/usr/bin/env bash
# finish.sh TASK_ID — save the task record for the audit log, then delete the task.
set -euo pipefail

TASK_URL="$CODER_URL/api/experimental/chats/$1"
AUTH="Coder-Session-Token: $CODER_SESSION_TOKEN"

curl -fsS -H "$AUTH" "$TASK_URL" > "audit/$1.json"
curl -fsS -H "$AUTH" -X PATCH "$TASK_URL" -H 'Content-Type: application/json' -d '{"archived": true}'
