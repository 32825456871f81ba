#!/usr/bin/env bash
# Start an agent on the dependency-bump template and remember its id.
set -euo pipefail

TEMPLATE_VERSION_ID="${TEMPLATE_VERSION_ID:?pin the template version}"

task_id=$(curl -fsS -X POST "$CODER_URL/api/experimental/chats" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  -H 'Content-Type: application/json' \
  -d '{"organization_id": "'"$CODER_ORGANIZATION_ID"'", "content": [{"type": "text", "text": "Bump all npm dependencies and fix what breaks"}]}' \
  | jq -r '.id')

echo "$task_id" > .coder-task-id
echo "started task $task_id"
