#!/usr/bin/env bash
# Delete the tasks listed in finished.txt (one id per line) once their PRs merged.
set -euo pipefail

delete_task() {
  local id="$1"
  curl -fsS -X DELETE "$CODER_URL/api/v2/tasks/me/$id" \
    -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
    -o /dev/null
  echo "deleted $id"
}

while read -r id; do
  [ -n "$id" ] || continue
  delete_task "$id"
done < finished.txt
