#!/usr/bin/env bash
# Delete every task I own (end of a hackathon).
set -euo pipefail

curl -fsS -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL/api/v2/tasks?q=owner:me" \
  | jq -r '.tasks[].id' \
  | xargs -r -I{} curl -fsS -X DELETE -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL/api/v2/tasks/me/{}"
