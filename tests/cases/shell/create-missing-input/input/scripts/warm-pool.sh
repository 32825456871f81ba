#!/usr/bin/env bash
# Keep three idle agent tasks warm (no prompt yet; input is sent later).
set -euo pipefail

for _ in 1 2 3; do
  curl -fsS -X POST "$CODER_URL/api/v2/tasks/me" \
    -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
    -H 'Content-Type: application/json' \
    -d '{"template_version_id": "'"$POOL_TEMPLATE_VERSION"'"}' | jq -r .id >> pool.txt
done
