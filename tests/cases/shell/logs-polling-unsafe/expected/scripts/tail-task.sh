#!/usr/bin/env bash
# Follow a task's output every 10 seconds until interrupted.
set -euo pipefail

TASK_ID="$1"
seen=0

while sleep 10; do
  logs=$(curl -fsS "$CODER_URL/api/experimental/chats/$TASK_ID/messages" \
    -H "Coder-Session-Token: $CODER_SESSION_TOKEN")
  total=$(jq '.logs | length' <<<"$logs")
  jq -r --argjson from "$seen" '.logs[$from:][] | select(.type == "output") | .content' <<<"$logs"
  seen=$total
done
