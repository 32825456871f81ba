#!/usr/bin/env bash
# Which of my tasks are waiting for me, and which are still usable at all?
set -euo pipefail

auth="Coder-Session-Token: $CODER_SESSION_TOKEN"

echo "waiting for input:"
curl -fsS -H "$auth" "$CODER_URL/api/experimental/chats" \
  | jq -r '.[] | select(.status == "waiting") | .id'

echo "usable:"
curl -fsS -H "$auth" "$CODER_URL/api/experimental/chats" \
  | jq -r '.[] | select(.status == "active") | .id'
