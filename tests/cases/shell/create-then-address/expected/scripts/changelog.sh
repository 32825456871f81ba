#!/usr/bin/env bash
set -euo pipefail
H="Coder-Session-Token: $CODER_SESSION_TOKEN"
id=$(curl -fsS -X POST -H "$H" -H 'Content-Type: application/json' \
  -d '{"organization_id": "'"$CODER_ORGANIZATION_ID"'", "content": [{"type": "text", "text": "Update the changelog"}]}' "$CODER_URL/api/experimental/chats" | jq -r .id)
curl -fsS -H "$H" "$CODER_URL/api/experimental/chats/$id" | jq -r .title
curl -fsS -X PATCH -H "$H" "$CODER_URL/api/experimental/chats/$OLD_ID" -H 'Content-Type: application/json' -d '{"archived": true}'
