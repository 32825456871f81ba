#!/usr/bin/env bash
# Create the agent workspace ourselves so the template version is pinned.
set -euo pipefail

curl -fsS -X POST "$CODER_URL/api/v2/users/me/workspaces" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  -H 'Content-Type: application/json' \
  -d '{
    "template_version_id": "'"$AGENT_TV"'",
    "name": "agent-'"$RUN_ID"'",
    "rich_parameter_values": [
      {"name": "AI Prompt", "value": "Upgrade the Helm charts"},
      {"name": "region", "value": "eu-west-1"}
    ]
  }' | jq -r .id
