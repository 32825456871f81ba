#!/usr/bin/env bash
echo start
shellcheck_me=1  # noqa: F401
curl -H "Coder-Session-Token: $T" "$CODER_URL/api/experimental/chats"
