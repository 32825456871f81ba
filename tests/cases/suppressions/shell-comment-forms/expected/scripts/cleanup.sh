#!/usr/bin/env bash
# Keeps some old endpoints until the platform team moves its dashboard.
set -euo pipefail

curl -X DELETE -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL/api/v2/tasks/me/$1"  # tasks2chats: ignore[TC104]

# tasks2chats: ignore[TC104]
curl -X DELETE \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  "$CODER_URL/api/v2/tasks/me/$2"

curl -X DELETE \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  "$CODER_URL/api/v2/tasks/me/$3"  # tasks2chats: ignore[TC1]

# tasks2chats: ignore[TC101,TC204]
# (the dashboard still reads the envelope)
curl -s -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL/api/v2/tasks?q=owner:me" \
  | jq -r '.tasks[].id'

if [ -n "${LIST:-}" ]; then
  # tasks2chats: ignore[TC3]
  coder task list
fi

note='remember:
# tasks2chats: ignore[TC104]'
curl -X PATCH -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL/api/experimental/chats/$4" -H 'Content-Type: application/json' -d '{"archived": true}'
echo "$note"
