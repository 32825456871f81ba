#!/usr/bin/env bash
# finish.sh TASK_ID — save the task record for the audit log, then delete the task.
set -euo pipefail

TASK_URL="$CODER_URL/api/v2/tasks/me/$1"
AUTH="Coder-Session-Token: $CODER_SESSION_TOKEN"

curl -fsS -H "$AUTH" "$TASK_URL" > "audit/$1.json"
curl -fsS -H "$AUTH" -X DELETE "$TASK_URL"
