#!/usr/bin/env bash
set -euo pipefail

# A fixed prompt: the quoted delimiter keeps the backticks literal.
curl -fsS -X POST "$CODER_URL/api/experimental/chats" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  -H "Content-Type: application/json" \
  --data-binary @- <<'JSON'
{
  "organization_id": "0b9e4f7c-2a61-4d8e-b3f5-7c1d2e3f4a5b",
  "content": [{"type": "text", "text": "Find every `TODO(docs)` marker and write the missing docs"}]
}
JSON
