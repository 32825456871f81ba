#!/usr/bin/env bash
# Usage: nudge.sh TASK_ID "message" — send a follow-up instruction to a running task.
set -euo pipefail

task_id="$1"
message="$2"
reviewer="${GITHUB_ACTOR:-someone}"

curl -fsS -X POST "$CODER_URL/api/v2/tasks/me/${task_id}/send" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  -H "Content-Type: application/json" \
  -d "{\"input\": \"Review comment from ${reviewer}: ${message}\"}"
echo "sent to ${task_id}"
