#!/usr/bin/env bash
set -euo pipefail
# Équipe plateforme — état d'une tâche.
echo "Tâche « $(curl -fsS -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL/api/v2/tasks/me/$1" | jq -r '.display_name') » prête ✅"
curl -fsS -X POST "$CODER_URL/api/v2/tasks/me/$1/send" -H "Coder-Session-Token: $CODER_SESSION_TOKEN" -d '{"input": "Résume les changements en français, s'\''il te plaît 🙏"}'
