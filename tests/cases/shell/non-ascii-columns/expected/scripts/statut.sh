#!/usr/bin/env bash
set -euo pipefail
# Équipe plateforme — état d'une tâche.
echo "Tâche « $(curl -fsS -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL/api/experimental/chats/$1" | jq -r '.title') » prête ✅"
curl -fsS -X POST "$CODER_URL/api/experimental/chats/$1/messages" -H "Coder-Session-Token: $CODER_SESSION_TOKEN" -H 'Content-Type: application/json' -d '{"content": [{"type": "text", "text": "Résume les changements en français, s'\''il te plaît 🙏"}]}'
