#!/bin/bash
# Refuse to start another agent run while too many are active.
set -euo pipefail

CODER_URL="${CODER_URL:-https://coder.internal.example.com}"
MAX_ACTIVE="${MAX_ACTIVE:-5}"

active=$(curl -sf -H "Coder-Session-Token: ${CODER_SESSION_TOKEN}" \
  "$CODER_URL/api/v2/tasks?q=owner:me%20status:active" | jq '.count')

if [ "$active" -ge "$MAX_ACTIVE" ]; then
  echo "already $active active tasks (limit $MAX_ACTIVE); not starting another" >&2
  exit 75
fi
