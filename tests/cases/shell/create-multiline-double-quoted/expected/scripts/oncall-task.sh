#!/usr/bin/env bash
# Page handler: start an agent investigation for the alert.
set -euo pipefail

alert="$1"
curl -fsS -X POST "${CODER_URL%/}/api/experimental/chats" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  -H 'Content-Type: application/json' \
  -d "{
        \"organization_id\": \"6f1c2a5e-8d3b-4e7a-9c10-2b4d6e8fa013\",
        \"content\": [{\"type\": \"text\", \"text\": \"Investigate alert \\\"$alert\\\" and summarise the cause\"}]
      }"
