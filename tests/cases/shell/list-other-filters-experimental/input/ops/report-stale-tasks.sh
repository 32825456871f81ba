#!/usr/bin/env bash
# Weekly report: every task in the platform organisation, oldest first.
set -euo pipefail

CODER="${CODER_URL:?}"
AUTH=(-H "Coder-Session-Token: $CODER_SESSION_TOKEN")

report() {
  curl -fsS "${AUTH[@]}" "$CODER/api/experimental/tasks?q=organization:platform" |
    jq -r '.tasks | sort_by(.created_at) | .[] | [.created_at, .owner_name, .name] | @tsv'
}

report > stale-tasks.tsv
echo "wrote $(wc -l < stale-tasks.tsv) rows"
