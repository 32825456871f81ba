#!/usr/bin/env bash
set -euo pipefail

TASK_ID="$1"
echo "fetching $CODER_URL/api/v2/tasks/me/$TASK_ID" >&2
curl -fsS -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL/api/v2/tasks/me/$TASK_ID" | jq .
