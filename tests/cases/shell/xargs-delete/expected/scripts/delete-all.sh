#!/usr/bin/env bash
# Delete every task I own (end of a hackathon).
set -euo pipefail

curl -fsS -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL/api/experimental/chats" \
  | jq -r '.[].id' \
  | xargs -r -I{} curl -fsS -X PATCH -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL/api/experimental/chats/{}" -H 'Content-Type: application/json' -d '{"archived": true}'
