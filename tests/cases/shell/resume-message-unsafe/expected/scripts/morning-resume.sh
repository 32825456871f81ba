#!/usr/bin/env bash
# Morning: resume the tasks paused overnight.
set -euo pipefail

for task in $(cat paused-overnight.txt); do
  curl -fsS -X POST \
    "$CODER_URL/api/experimental/chats/$task/messages" \
    -H "Coder-Session-Token: $CODER_SESSION_TOKEN" -H 'Content-Type: application/json' -d '{"content": [{"type": "text", "text": "Continue where you left off"}]}' >/dev/null
  echo "resumed $task"
done
