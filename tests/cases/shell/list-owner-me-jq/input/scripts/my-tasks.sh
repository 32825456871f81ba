#!/usr/bin/env bash
# Print my tasks, one per line: id and title.
set -euo pipefail

: "${CODER_URL:?set CODER_URL}"
: "${CODER_SESSION_TOKEN:?set CODER_SESSION_TOKEN}"

curl -fsS "${CODER_URL%/}/api/v2/tasks?q=owner:me" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  -H "Accept: application/json" \
  | jq -r '.tasks[] | "\(.id)\t\(.display_name)"'
