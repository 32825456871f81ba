#!/bin/bash
set -eu
hdr="Coder-Session-Token: $CODER_SESSION_TOKEN"
curl -fsS -H "$hdr" "${CODER_URL}"/api/experimental/chats/"$TASK_ID" | jq -r .title
curl -fsS -H "$hdr" -X POST $CODER_URL'/api/experimental/chats/'$TASK_ID'/interrupt'
curl -fsS -H "$hdr" -X POST "$CODER_URL"/api/experimental/chats/$TASK_ID/messages -H 'Content-Type: application/json' -d '{"content": [{"type": "text", "text": "Continue where you left off"}]}'
