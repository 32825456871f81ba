#!/usr/bin/env bash
# Smoke check: at least one model is configured for agents.
set -euo pipefail

count=$(curl -fsS "${CODER_URL%/}/api/experimental/chats/models" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" | jq 'length')
[ "$count" -gt 0 ] || { echo "no models configured" >&2; exit 1; }
