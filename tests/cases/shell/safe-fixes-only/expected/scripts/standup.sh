#!/usr/bin/env bash
# Morning standup helper: what is waiting for me, then kick off the daily digest.
set -euo pipefail

curl -fsS -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL/api/experimental/chats" \
  | jq -r '.[] | select(.current_state.state == "idle") | .title'

curl -fsS -X POST -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL/api/v2/tasks/me" \
  -H 'Content-Type: application/json' \
  -d '{"template_version_id": "'"$DIGEST_TV"'", "input": "Write the daily digest"}'
