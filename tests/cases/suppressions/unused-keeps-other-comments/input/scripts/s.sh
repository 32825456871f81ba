#!/usr/bin/env bash
echo start  # tasks2chats: ignore[TC101] kept for the audit trail
shellcheck_me=1  # noqa: F401  # tasks2chats: ignore[TC104]
curl -H "Coder-Session-Token: $T" "$CODER_URL/api/experimental/chats"
