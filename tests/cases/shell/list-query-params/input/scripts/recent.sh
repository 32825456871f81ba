#!/usr/bin/env bash
set -euo pipefail

curl -fsS --header "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  --url "$CODER_URL/api/v2/tasks?q=owner%3Ame&limit=20" \
  | jq -r '.tasks[] | .id'
