#!/usr/bin/env bash
# Called by the issue tracker webhook: turn an issue into an agent task.
set -euo pipefail

ISSUE_URL="$1"
TV_ID="b8a2d9a4-3c55-4f0e-8b7e-1f6f0c2d9e11"

response=$(curl -fsS \
  -H "Coder-Session-Token: ${CODER_SESSION_TOKEN}" \
  -H "Content-Type: application/json" \
  -X POST \
  -d "{\"organization_id\": \"6f1c2a5e-8d3b-4e7a-9c10-2b4d6e8fa013\", \"content\": [{\"type\": \"text\", \"text\": \"Fix the bug described in ${ISSUE_URL} and open a PR\"}]}" \
  "${CODER_URL}/api/experimental/chats")
echo "$response" | jq -r '.id'
