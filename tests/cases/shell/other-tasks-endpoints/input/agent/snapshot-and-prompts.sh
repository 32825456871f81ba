#!/usr/bin/env bash
# Runs inside the workspace: upload a log snapshot before shutdown and record the prompt.
set -euo pipefail

curl -fsS -X POST \
  "${CODER_AGENT_URL%/}/api/v2/workspaceagents/me/tasks/${CODER_TASK_ID}/log-snapshot?format=agentapi" \
  -H "Coder-Session-Token: ${CODER_AGENT_TOKEN}" \
  --data-binary @/tmp/agentapi-messages.json

curl -fsS "${CODER_URL}/api/experimental/aitasks/prompts?build_ids=${CODER_WORKSPACE_BUILD_ID}" \
  -H "Coder-Session-Token: ${CODER_SESSION_TOKEN}" \
  | jq -r --arg id "$CODER_WORKSPACE_BUILD_ID" '.prompts[$id] // empty' > /tmp/prompt.txt
