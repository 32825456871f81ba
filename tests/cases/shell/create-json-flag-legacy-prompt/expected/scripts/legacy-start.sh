#!/usr/bin/env bash
# Written against the first experimental release; still in the runbook.
set -euo pipefail

curl -sS -XPOST "$CODER_URL/api/experimental/chats" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  --json '{"organization_id": "'"$CODER_ORGANIZATION_ID"'", "content": [{"type": "text", "text": "Summarise open incidents"}]}'

curl -sS --request=POST "$CODER_URL/api/experimental/chats" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  --json '{"organization_id": "'"$CODER_ORGANIZATION_ID"'", "content": [{"type": "text", "text": "Don'\''t touch prod; draft the postmortem"}]}'
