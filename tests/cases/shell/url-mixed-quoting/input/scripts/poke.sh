#!/bin/bash
set -eu
hdr="Coder-Session-Token: $CODER_SESSION_TOKEN"
curl -fsS -H "$hdr" "${CODER_URL}"/api/v2/tasks/me/"$TASK_ID" | jq -r .display_name
curl -fsS -H "$hdr" -X POST $CODER_URL'/api/v2/tasks/me/'$TASK_ID'/pause'
curl -fsS -H "$hdr" -X POST "$CODER_URL"/api/experimental/tasks/me/$TASK_ID/resume
