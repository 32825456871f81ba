#!/usr/bin/env bash
set -euo pipefail

paused=$(curl -fsS -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL/api/experimental/chats" \
  | jq '. | map(select(.status == "paused")) | length')
echo "paused tasks: $paused"
