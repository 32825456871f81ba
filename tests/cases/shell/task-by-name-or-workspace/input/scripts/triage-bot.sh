#!/usr/bin/env bash
# The triage bot keeps one long-lived task called "nightly-triage".
set -euo pipefail

CODER_URL="${CODER_URL:?}"
hdr="Coder-Session-Token: $CODER_SESSION_TOKEN"

status=$(curl -fsS -H "$hdr" "$CODER_URL/api/v2/tasks/me/nightly-triage" | jq -r '.status')
echo "triage task is $status"

curl -fsS -H "$hdr" -H 'Content-Type: application/json' \
  -d '{"input": "Triage the issues opened since yesterday."}' \
  "$CODER_URL/api/v2/tasks/me/nightly-triage/send"

# The workspace id comes from the dev environment's metadata.
curl -fsS -H "$hdr" "$CODER_URL/api/v2/tasks/me/$WORKSPACE_ID" | jq .
