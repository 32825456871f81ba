#!/usr/bin/env bash
# Our hosted coding-agent vendor: start a run and poll it.
set -euo pipefail

AGENTS_API="${AGENTS_API:-https://api.agents.example.net}"

run=$(curl -fsS -X POST "$AGENTS_API/api/v2/tasks" \
  -H "X-Api-Key: $AGENTS_API_KEY" -H 'Content-Type: application/json' \
  -d '{"repo": "platform/api", "input": "Fix the flaky test"}')
id=$(jq -r .id <<<"$run")

until [ "$(curl -fsS -H "X-Api-Key: $AGENTS_API_KEY" "$AGENTS_API/api/v2/tasks/$id" | jq -r .status)" = "complete" ]; do
  sleep 10
done
curl -fsS -X POST -H "X-Api-Key: $AGENTS_API_KEY" "$AGENTS_API/api/v2/tasks/$id/send" -d '{"input": "thanks"}'
