#!/usr/bin/env bash
# Shared helpers sourced by the release scripts.
set -euo pipefail

CODER_API="${CODER_URL%/}/api/v2"
AUTH_HEADER="Coder-Session-Token: ${CODER_SESSION_TOKEN}"

whoami_coder() {
  curl -fsS -H "$AUTH_HEADER" "$CODER_API/users/me" | jq -r .username
}

my_task_ids() {
  curl -fsS -H "$AUTH_HEADER" "$CODER_API/tasks?q=owner:me" | jq -r '.tasks[].id'
}

task_status() {
  curl -fsS -H "$AUTH_HEADER" "$CODER_API/tasks/me/$1" | jq -r .status
}
