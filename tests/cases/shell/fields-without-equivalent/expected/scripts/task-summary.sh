#!/usr/bin/env bash
# Post a summary of a finished task to the team channel.
set -euo pipefail

TASK_ID="$1"
task=$(curl -fsS -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  "$CODER_URL/api/experimental/chats/$TASK_ID")

name=$(jq -r '.name' <<<"$task")
prompt=$(jq -r '.initial_prompt' <<<"$task")
ws=$(jq -r '.workspace_status' <<<"$task")
title=$(jq -r '.title' <<<"$task")
last=$(jq -r '.current_state.message // ""' <<<"$task")

printf '*%s* (%s)\nprompt: %s\nworkspace: %s\nlast: %s\n' \
  "$title" "$name" "$prompt" "$ws" "$last" > summary.txt
