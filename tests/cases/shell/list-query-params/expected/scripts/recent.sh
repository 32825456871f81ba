#!/usr/bin/env bash
set -euo pipefail

curl -fsS --header "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  --url "$CODER_URL/api/experimental/chats?limit=20" \
  | jq -r '.[] | .id'
