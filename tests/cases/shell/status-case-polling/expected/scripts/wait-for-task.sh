#!/usr/bin/env bash
# wait-for-task.sh TASK_ID [TIMEOUT_SECONDS] — poll until the agent stops working.
set -euo pipefail

task_id="$1"
deadline=$(( $(date +%s) + ${2:-1800} ))

while :; do
  state=$(curl -fsS -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
    "$CODER_URL/api/experimental/chats/$task_id" | jq -r '.status // "none"')
  case "$state" in
    waiting|waiting)
      echo "done"
      exit 0
      ;;
    error)
      echo "agent failed" >&2
      exit 1
      ;;
  esac
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "timed out in state $state" >&2
    exit 124
  fi
  sleep 15
done
