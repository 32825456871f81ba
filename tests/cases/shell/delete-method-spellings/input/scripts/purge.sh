#!/bin/sh
# Purge three kinds of leftovers after an incident drill.
set -eu

H="Coder-Session-Token: $CODER_SESSION_TOKEN"

curl -sS --request DELETE -H "$H" "$CODER_URL/api/v2/tasks/me/$DRILL_TASK_ID"
curl -sS -XDELETE -H "$H" "$CODER_URL/api/v2/tasks/me/$CANARY_TASK_ID"
curl -sS "$CODER_URL/api/v2/tasks/me/$SMOKE_TASK_ID" -H "$H" -X DELETE
