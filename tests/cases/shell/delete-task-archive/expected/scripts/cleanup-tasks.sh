#!/usr/bin/env bash
# Delete the tasks listed in finished.txt (one id per line) once their PRs merged.
set -euo pipefail

delete_task() {
  local id="$1"
  curl -fsS -X PATCH "$CODER_URL/api/experimental/chats/$id" \
    -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
    -o /dev/null -H 'Content-Type: application/json' -d '{"archived": true}'
  echo "deleted $id"
}

while read -r id; do
  [ -n "$id" ] || continue
  delete_task "$id"
done < finished.txt
