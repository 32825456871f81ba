#!/usr/bin/env bash
set -euo pipefail

start_review() {
	local pr_url="$1"
	curl -fsS -X POST "$CODER_URL/api/experimental/chats" \
		-H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
		-H "Content-Type: application/json" \
		--data-binary @- <<-EOF
		{
			"organization_id": "$CODER_ORGANIZATION_ID",
			"content": [{"type": "text", "text": "Review $pr_url and leave comments"}]
		}
		EOF
}

start_review "$1"
