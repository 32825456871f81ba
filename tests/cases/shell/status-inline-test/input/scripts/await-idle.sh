#!/usr/bin/env bash
set -euo pipefail

id="$1"
until [ "$(curl -fsS -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL/api/v2/tasks/me/$id" | jq -r .current_state.state)" = "idle" ]; do
  sleep 10
done
echo "agent is waiting for input"
