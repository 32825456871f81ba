#!/usr/bin/env bash
# follow-up.sh TASK_ID — ask for the changelog too; the API answers 204 when it is accepted.
set -euo pipefail

code=$(curl -sS -o /dev/null -w '%{http_code}' -X POST \
  "$CODER_URL/api/experimental/chats/$1/messages" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  -H 'Content-Type: application/json' \
  -d '{"content": [{"type": "text", "text": "Please also update the changelog"}]}')

if [ "$code" != "204" ]; then
  echo "send failed with HTTP $code" >&2
  exit 1
fi
