#!/usr/bin/env bash
set -euo pipefail

# A fixed prompt: the quoted delimiter keeps the backticks literal.
curl -fsS -X POST "$CODER_URL/api/v2/tasks/me" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  -H "Content-Type: application/json" \
  --data-binary @- <<'JSON'
{
  "template_version_id": "5d0c7f3e-9a8b-4c2d-8e1f-0a9b8c7d6e5f",
  "input": "Find every `TODO(docs)` marker and write the missing docs"
}
JSON
