#!/usr/bin/env bash
# Press Escape in the agent's terminal: stops the current step, keeps the task.
set -euo pipefail

TASK_ID="${1:?usage: stop-agent.sh TASK_ID}"

curl -X POST -fsS "$CODER_URL/api/experimental/chats/$TASK_ID/interrupt" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  -H 'Content-Type: application/json'
echo "interrupted $TASK_ID"
