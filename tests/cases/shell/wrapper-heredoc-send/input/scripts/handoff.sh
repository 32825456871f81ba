#!/usr/bin/env bash
# Hand the agent the on-call notes at the end of a shift.
set -euo pipefail

coder_api() {
  curl --fail --silent --show-error \
    --header "Coder-Session-Token: ${CODER_SESSION_TOKEN}" \
    --header "Content-Type: application/json" \
    "$@"
}

coder_api -X POST "${CODER_URL}/api/v2/tasks/me/${TASK_ID}/send" --data-binary @- <<JSON
{"input": "Shift handoff from ${USER}: see notes/$(date +%F).md"}
JSON
