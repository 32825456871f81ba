#!/usr/bin/env bash
set -euo pipefail
H="Coder-Session-Token: $CODER_SESSION_TOKEN"
id=$(curl -fsS -X POST -H "$H" -H 'Content-Type: application/json' \
  -d '{"input": "Update the changelog"}' "$CODER_URL/api/v2/tasks/me" | jq -r .id)
curl -fsS -H "$H" "$CODER_URL/api/v2/tasks/me/$id" | jq -r .display_name
curl -fsS -X DELETE -H "$H" "$CODER_URL/api/v2/tasks/me/$OLD_ID"
