#!/usr/bin/env bash
# tasks2chats: ignore-file[TC1, TC301]
# This script is retired with the old cluster; it keeps the Tasks API on purpose.
curl -X DELETE -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL/api/v2/tasks/me/$1"
curl -X POST -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL/api/v2/tasks/me/$1/resume"
coder task list
