#!/usr/bin/env bash
set -euo pipefail

paused=$(curl -fsS -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL/api/v2/tasks?q=owner:me" \
  | jq '.tasks | map(select(.status == "paused")) | length')
echo "paused tasks: $paused"
