#!/usr/bin/env bash
# Every Monday: ask an agent to audit the Terraform modules.
set -euo pipefail

curl -fsS -X POST "${CODER_URL:-https://coder.corp.example}/api/v2/tasks/me" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  -H "Content-Type: application/json" \
  -d '{
    "template_version_id": "'"$AUDIT_TEMPLATE_VERSION"'",
    "template_version_preset_id": "'"$AUDIT_PRESET"'",
    "input": "Audit infra/modules for deprecated provider arguments"
  }' >/dev/null
