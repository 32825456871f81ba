#!/usr/bin/env bash
set -euo pipefail

TASK_URL="${CODER_URL%/}/api/v2/tasks/me/${TASK_ID}"
LOGS_URL="${CODER_URL%/}/api/v2/tasks/me/${TASK_ID}/logs"

curl -fsS -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$TASK_URL" -o task.json
curl -fsS -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$LOGS_URL" -o logs.json
echo "saved task.json and logs.json"
