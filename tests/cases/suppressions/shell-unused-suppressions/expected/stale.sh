#!/bin/sh
echo "nothing to see"
# tasks2chats: ignore[TC104]
curl -X DELETE -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL/api/v2/tasks/me/$ID"
uptime
curl -fsS "$CODER_URL/healthz"
# See the runbook;
coder version
