#!/usr/bin/env bash
# Called by the issue tracker webhook: turn an issue into an agent task.
set -euo pipefail

ISSUE_URL="$1"
TV_ID="b8a2d9a4-3c55-4f0e-8b7e-1f6f0c2d9e11"

response=$(curl -fsS \
  -H "Coder-Session-Token: ${CODER_SESSION_TOKEN}" \
  -H "Content-Type: application/json" \
  -X POST \
  -d "{\"template_version_id\": \"${TV_ID}\", \"name\": \"issue-${ISSUE_NUMBER}\", \"input\": \"Fix the bug described in ${ISSUE_URL} and open a PR\"}" \
  "${CODER_URL}/api/v2/tasks/me")
echo "$response" | jq -r '.id'
