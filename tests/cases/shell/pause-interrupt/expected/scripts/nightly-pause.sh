#!/usr/bin/env bash
# Nightly: pause every task id in paused-overnight.txt to save compute.
set -euo pipefail

pause() {
  curl -fsS -o /dev/null -w '%{http_code}\n' \
    -X POST "$CODER_URL/api/experimental/chats/$1/interrupt" \
    -H "Coder-Session-Token: $CODER_SESSION_TOKEN"
}

while IFS= read -r task; do
  printf '%s: ' "$task"
  pause "$task"
done < paused-overnight.txt
