#!/usr/bin/env bash
# task-ops.sh show|send|stop|remove TASK_ID [TEXT]
set -euo pipefail

api() { curl -fsS -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$@"; }

cmd="$1"
id="$2"
case "$cmd" in
  show)
    api "$CODER_URL/api/experimental/chats/$id" | jq -r '.title'
    ;;
  send)
    api -X POST "$CODER_URL/api/experimental/chats/$id/messages" \
      -H 'Content-Type: application/json' \
      -d "{\"content\": [{\"type\": \"text\", \"text\": \"$3\"}]}"
    ;;
  stop)
    api -X POST "$CODER_URL/api/experimental/chats/$id/interrupt"
    ;;
  remove)
    api -X PATCH "$CODER_URL/api/experimental/chats/$id" -H 'Content-Type: application/json' -d '{"archived": true}'
    ;;
  *)
    echo "unknown command: $cmd" >&2
    exit 2
    ;;
esac
