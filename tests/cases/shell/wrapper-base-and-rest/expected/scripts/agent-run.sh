#!/usr/bin/env bash
# Start a task, print its title, then delete it.
set -euo pipefail

api() {
  curl -fsS -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL$1" "${@:2}"
}

id=$(api /api/experimental/chats -X POST -H 'Content-Type: application/json' \
  -d '{"organization_id": "'"$CODER_ORGANIZATION_ID"'", "content": [{"type": "text", "text": "Add a healthcheck endpoint"}]}' | jq -r .id)

api "/api/experimental/chats/$id" | jq -r .title
api "/api/experimental/chats/$id" -X PATCH -H 'Content-Type: application/json' -d '{"archived": true}'
