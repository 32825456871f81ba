#!/usr/bin/env bash
# Morning: resume the tasks paused overnight.
set -euo pipefail

for task in $(cat paused-overnight.txt); do
  curl -fsS -X POST \
    "$CODER_URL/api/v2/tasks/me/$task/resume" \
    -H "Coder-Session-Token: $CODER_SESSION_TOKEN" >/dev/null
  echo "resumed $task"
done
