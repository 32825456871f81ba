#!/usr/bin/env bash
# Written against the first experimental release; still in the runbook.
set -euo pipefail

curl -sS -XPOST "$CODER_URL/api/experimental/tasks/me" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  --json '{"template_version_id": "'"$TV"'", "prompt": "Summarise open incidents"}'

curl -sS --request=POST "$CODER_URL/api/experimental/tasks/me" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  --json '{"template_version_id": "'"$TV"'", "prompt": "Don'\''t touch prod; draft the postmortem"}'
