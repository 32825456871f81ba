#!/usr/bin/env bash
set -euo pipefail

for id in $(curl -fsS -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
    "$CODER_URL/api/v2/chats" | jq -r '.[] | select(.status == "waiting") | .id'); do
  curl -fsS -X PATCH -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL/api/v2/chats/$id" -H 'Content-Type: application/json' -d '{"archived": true}'
done
