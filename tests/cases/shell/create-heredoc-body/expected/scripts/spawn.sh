#!/usr/bin/env bash
# spawn.sh REPO — start a task that upgrades the Go toolchain of REPO.
set -euo pipefail

repo="$1"

curl -fsS -X POST "$CODER_URL/api/experimental/chats" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  -H "Content-Type: application/json" \
  -d @- <<EOF
{
  "organization_id": "$CODER_ORGANIZATION_ID",
  "content": [{"type": "text", "text": "Upgrade $repo to the latest Go release and make CI green"}]
}
EOF
echo "task started for $repo"
