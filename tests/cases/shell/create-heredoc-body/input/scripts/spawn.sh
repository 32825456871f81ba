#!/usr/bin/env bash
# spawn.sh REPO — start a task that upgrades the Go toolchain of REPO.
set -euo pipefail

repo="$1"

curl -fsS -X POST "$CODER_URL/api/v2/tasks/me" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  -H "Content-Type: application/json" \
  -d @- <<EOF
{
  "template_version_id": "$GO_TEMPLATE_VERSION",
  "input": "Upgrade $repo to the latest Go release and make CI green"
}
EOF
echo "task started for $repo"
