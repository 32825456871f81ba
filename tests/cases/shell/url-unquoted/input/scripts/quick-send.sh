#!/bin/bash
# quick-send.sh TASK_ID — a one-liner kept from a chat thread.
TASK_ID=$1
curl -s -H "Coder-Session-Token: $CODER_SESSION_TOKEN" -H "Content-Type: application/json" -d '{"input": "rebase on main"}' $CODER_URL/api/v2/tasks/me/$TASK_ID/send
