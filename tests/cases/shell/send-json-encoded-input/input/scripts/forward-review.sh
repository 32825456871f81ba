#!/usr/bin/env bash
# Forward the PR review body to the agent; jq does the JSON escaping.
set -euo pipefail

TASK_ID="$(cat .coder-task-id)"
REVIEW="$(gh pr view "$PR" --json reviews --jq '.reviews[-1].body')"

curl -fsS "$CODER_URL/api/v2/tasks/me/$TASK_ID/send" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  -H 'Content-Type: application/json' \
  --data '{"input": '"$(jq -Rn --arg r "$REVIEW" '$r')"'}'

curl -fsS "$CODER_URL/api/v2/tasks/me/$TASK_ID/send" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  -H 'Content-Type: application/json' \
  --data "$(jq -n --arg r "Now push the branch" '{input: $r}')"
