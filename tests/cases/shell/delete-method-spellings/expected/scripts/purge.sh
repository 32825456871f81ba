#!/bin/sh
# Purge three kinds of leftovers after an incident drill.
set -eu

H="Coder-Session-Token: $CODER_SESSION_TOKEN"

curl -sS --request PATCH -H "$H" "$CODER_URL/api/experimental/chats/$DRILL_TASK_ID" -H 'Content-Type: application/json' -d '{"archived": true}'
curl -sS -XPATCH -H "$H" "$CODER_URL/api/experimental/chats/$CANARY_TASK_ID" -H 'Content-Type: application/json' -d '{"archived": true}'
curl -sS "$CODER_URL/api/experimental/chats/$SMOKE_TASK_ID" -H "$H" -X PATCH -H 'Content-Type: application/json' -d '{"archived": true}'
