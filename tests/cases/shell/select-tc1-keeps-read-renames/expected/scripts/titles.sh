#!/usr/bin/env bash
set -euo pipefail

curl -fsS -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL/api/experimental/chats" \
  | jq -r '.[].title'
