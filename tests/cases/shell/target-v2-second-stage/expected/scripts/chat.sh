#!/usr/bin/env bash
# Already on the Chats API (experimental); Coder 2.38 serves only /api/v2/chats.
set -euo pipefail

H="Coder-Session-Token: $CODER_SESSION_TOKEN"

chat_id=$(curl -fsS -X POST "$CODER_URL/api/v2/chats" -H "$H" \
  -H 'Content-Type: application/json' \
  -d '{"organization_id": "'"$CODER_ORGANIZATION_ID"'", "content": [{"type": "text", "text": "Rotate the staging certificates"}]}' \
  | jq -r .id)

curl -fsS -X POST "$CODER_URL/api/v2/chats/$chat_id/messages" -H "$H" \
  -H 'Content-Type: application/json' \
  -d '{"content": [{"type": "text", "text": "Also update the runbook"}]}'

curl -fsS "$CODER_URL/api/experimental/chats/models" -H "$H" | jq -r '.[].id'
curl -fsS -X POST "$CODER_URL/api/v2/chats/$chat_id/interrupt" -H "$H"
