#!/usr/bin/env bash
set -euo pipefail

start_review() {
	local pr_url="$1"
	curl -fsS -X POST "$CODER_URL/api/v2/tasks/me" \
		-H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
		-H "Content-Type: application/json" \
		--data-binary @- <<-EOF
		{
			"template_version_id": "$REVIEW_TEMPLATE_VERSION",
			"input": "Review $pr_url and leave comments"
		}
		EOF
}

start_review "$1"
