#!/usr/bin/env bash
# from-file.sh PAYLOAD.json — create a task from a prepared request body.
set -euo pipefail

curl -fsS -X POST "$CODER_URL/api/v2/tasks/me" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  -H "Content-Type: application/json" \
  -d @"${1:-payloads/refactor.json}"

curl -fsS -X POST "$CODER_URL/api/v2/tasks/me" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  -H "Content-Type: application/json" \
  -d @payloads/refactor.json
