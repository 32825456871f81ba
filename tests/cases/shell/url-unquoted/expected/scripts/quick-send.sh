#!/bin/bash
# quick-send.sh TASK_ID — a one-liner kept from a chat thread.
TASK_ID=$1
curl -s -H "Coder-Session-Token: $CODER_SESSION_TOKEN" -H "Content-Type: application/json" -d '{"content": [{"type": "text", "text": "rebase on main"}]}' $CODER_URL/api/experimental/chats/$TASK_ID/messages
