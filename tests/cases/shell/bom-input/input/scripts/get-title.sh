#!/bin/bash
# Saved by an editor that writes a byte order mark.
set -euo pipefail
curl -fsS -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL/api/v2/tasks/me/$1" | jq -r '.display_name'
