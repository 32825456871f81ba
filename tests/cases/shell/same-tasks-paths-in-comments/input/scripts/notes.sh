#!/usr/bin/env bash
# History: this used GET /api/v2/tasks?q=owner:me and then
#   POST /api/v2/tasks/me/{task}/send  (removed when we moved to chats)
#   curl -X DELETE "$CODER_URL/api/v2/tasks/me/$ID"
# See also `coder task list`.
set -euo pipefail

: "${CODER_SESSION_TOKEN:?}"
curl -fsS "$CODER_URL/api/v2/users/me" -H "Coder-Session-Token: $CODER_SESSION_TOKEN" # not /api/v2/tasks
