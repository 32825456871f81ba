#!/usr/bin/env bash
set -euo pipefail

for id in $(curl -fsS -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
    "$CODER_URL/api/v2/tasks?q=owner:me" | jq -r '.tasks[] | select(.current_state.state == "complete") | .id'); do
  curl -fsS -X DELETE -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL/api/v2/tasks/me/$id"
done
