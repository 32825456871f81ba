#!/usr/bin/env bash
# Every Monday: ask an agent to audit the Terraform modules.
set -euo pipefail

curl -fsS -X POST "${CODER_URL:-https://coder.corp.example}/api/experimental/chats" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  -H "Content-Type: application/json" \
  -d '{
    "organization_id": "'"$CODER_ORGANIZATION_ID"'",
    "content": [{"type": "text", "text": "Audit infra/modules for deprecated provider arguments"}]
  }' >/dev/null
