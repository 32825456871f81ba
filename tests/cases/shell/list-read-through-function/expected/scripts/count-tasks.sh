#!/usr/bin/env bash
# Print how many tasks I own and their ids.
set -euo pipefail

my_tasks() {
  curl -fsS -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL/api/experimental/chats"
}

my_tasks | jq -r 'length'
my_tasks | jq -r '.[].id'
