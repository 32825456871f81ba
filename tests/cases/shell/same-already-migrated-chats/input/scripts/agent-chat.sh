#!/usr/bin/env bash
# Migrated last quarter: start a chat, wait until the agent is idle, archive it.
set -euo pipefail

H="Coder-Session-Token: $CODER_SESSION_TOKEN"

curl -fsS "$CODER_URL/api/experimental/chats/models" -H "$H" | jq -r '.[].display_name'

chat=$(curl -fsS -X POST "$CODER_URL/api/experimental/chats" -H "$H" \
  -H 'Content-Type: application/json' \
  -d '{"organization_id": "'"$CODER_ORGANIZATION_ID"'", "content": [{"type": "text", "text": "Update the base images"}]}')
chat_id=$(jq -r .id <<<"$chat")

while curl -fsS "$CODER_URL/api/experimental/chats/$chat_id" -H "$H" \
    | jq -e '.status == "pending" or .status == "running"' >/dev/null; do
  sleep 5
done

curl -fsS -X PATCH "$CODER_URL/api/experimental/chats/$chat_id" -H "$H" \
  -H 'Content-Type: application/json' -d '{"archived": true}'
