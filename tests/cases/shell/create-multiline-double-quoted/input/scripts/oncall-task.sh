#!/usr/bin/env bash
# Page handler: start an agent investigation for the alert.
set -euo pipefail

alert="$1"
curl -fsS -X POST "${CODER_URL%/}/api/v2/tasks/me" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  -H 'Content-Type: application/json' \
  -d "{
        \"template_version_id\": \"$ONCALL_TEMPLATE_VERSION\",
        \"input\": \"Investigate alert \\\"$alert\\\" and summarise the cause\"
      }"
