#!/usr/bin/env bash
set -euo pipefail

curl -fsS -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL/api/v2/tasks?q=owner:me" \
  | jq -r '.tasks[].display_name'
