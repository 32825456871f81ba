#!/bin/sh
# tasks2chats: ignore-file[TC5]
echo "nothing to see"  # tasks2chats: ignore[TC104]
# tasks2chats: ignore[TC104, TC301]
curl -X DELETE -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL/api/v2/tasks/me/$ID"
# tasks2chats: ignore
uptime
curl -fsS "$CODER_URL/healthz"  # tasks2chats: ignore[TC999] checked by hand
# See the runbook; tasks2chats: ignore[TC108]
coder version
