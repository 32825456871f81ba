#!/usr/bin/env bash
# Build the request with jq so prompts with quotes survive.
set -euo pipefail

prompt="$(cat "${1:-prompt.md}")"
body=$(jq -n --arg tv "$TEMPLATE_VERSION_ID" --arg input "$prompt" \
  '{template_version_id: $tv, input: $input}')

curl -fsS -X POST "$CODER_URL/api/v2/tasks/me" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  -H "Content-Type: application/json" \
  -d "$body" | jq -r .id
