#!/usr/bin/env bash
# CI hook: tell the agent working on this branch that the pipeline failed.
set -euo pipefail

TASK_ID=$(cat .coder-task-id)
JOB_URL="${CI_JOB_URL:-unknown}"

curl --fail --silent --show-error \
  --request POST \
  --header "Coder-Session-Token: ${CODER_SESSION_TOKEN}" \
  --header 'Content-Type: application/json' \
  --data-raw '{"input": "CI failed, see '"$JOB_URL"' and fix it."}' \
  "${CODER_URL%/}/api/v2/tasks/me/${TASK_ID}/send"
