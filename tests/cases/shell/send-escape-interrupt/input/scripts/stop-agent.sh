#!/usr/bin/env bash
# Press Escape in the agent's terminal: stops the current step, keeps the task.
set -euo pipefail

TASK_ID="${1:?usage: stop-agent.sh TASK_ID}"

curl -fsS "$CODER_URL/api/v2/tasks/me/$TASK_ID/send" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  -H 'Content-Type: application/json' \
  --data-binary '{"input":"\u001b"}'
echo "interrupted $TASK_ID"
