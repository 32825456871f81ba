#!/usr/bin/env bash
# Hand the agent the on-call notes at the end of a shift.
set -euo pipefail

coder_api() {
  curl --fail --silent --show-error \
    --header "Coder-Session-Token: ${CODER_SESSION_TOKEN}" \
    --header "Content-Type: application/json" \
    "$@"
}

coder_api -X POST "${CODER_URL}/api/experimental/chats/${TASK_ID}/messages" --data-binary @- <<JSON
{"content": [{"type": "text", "text": "Shift handoff from ${USER}: see notes/$(date +%F).md"}]}
JSON
