#!/usr/bin/env bash
# Deploy gate: block while the agent task is still working, fail if it failed.
set -euo pipefail

TASK_ID="$(cat .coder-task-id)"

state=$(curl -fsS "$CODER_URL/api/experimental/chats/$TASK_ID" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" | jq -r '.status')

if [ "$state" = "running" ]; then
  echo "agent still working; try again later" >&2
  exit 75
fi
if [[ $state == error ]]; then
  echo "agent run failed" >&2
  exit 1
fi
echo "agent finished ($state)"
