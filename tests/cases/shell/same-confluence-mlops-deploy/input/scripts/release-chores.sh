#!/usr/bin/env bash
# Release chores across our other tools.
set -euo pipefail

# Confluence: list the open tasks on the release page.
curl -fsS -u "$ATLASSIAN_USER:$ATLASSIAN_TOKEN" \
  "https://example.atlassian.net/wiki/api/v2/tasks?status=incomplete&page-id=$RELEASE_PAGE" \
  | jq -r '.results[].id'

# ML platform: enqueue the nightly evaluation.
curl -fsS -X POST "$ML_API/api/v2/tasks.enqueue" \
  -H "Authorization: Bearer $ML_TOKEN" -H 'Content-Type: application/json' \
  -d '{"task": "'"$EVAL_TASK_ID"'", "queue": "nightly"}'

# Connect server: check the deploy task.
curl -fsS -H "Authorization: Key $CONNECT_API_KEY" \
  "$CONNECT_SERVER/__api__/v1/experimental/tasks/$DEPLOY_TASK?wait=5" | jq -r '.finished'
