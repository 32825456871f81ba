#!/usr/bin/env bash
# Start a task, print its title, then delete it.
set -euo pipefail

api() {
  curl -fsS -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL$1" "${@:2}"
}

id=$(api /api/v2/tasks/me -X POST -H 'Content-Type: application/json' \
  -d '{"template_version_id": "'"$TV_ID"'", "input": "Add a healthcheck endpoint"}' | jq -r .id)

api "/api/v2/tasks/me/$id" | jq -r .display_name
api "/api/v2/tasks/me/$id" -X DELETE
