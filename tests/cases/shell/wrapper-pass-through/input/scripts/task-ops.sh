#!/usr/bin/env bash
# task-ops.sh show|send|stop|remove TASK_ID [TEXT]
set -euo pipefail

api() { curl -fsS -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$@"; }

cmd="$1"
id="$2"
case "$cmd" in
  show)
    api "$CODER_URL/api/v2/tasks/me/$id" | jq -r '.display_name'
    ;;
  send)
    api -X POST "$CODER_URL/api/v2/tasks/me/$id/send" \
      -H 'Content-Type: application/json' \
      -d "{\"input\": \"$3\"}"
    ;;
  stop)
    api -X POST "$CODER_URL/api/v2/tasks/me/$id/pause"
    ;;
  remove)
    api -X DELETE "$CODER_URL/api/v2/tasks/me/$id"
    ;;
  *)
    echo "unknown command: $cmd" >&2
    exit 2
    ;;
esac
