#!/usr/bin/env bash
# Create a workspace from the AI template with the prompt as a parameter.
set -euo pipefail

prompt="${1:?usage: new-agent-workspace.sh PROMPT}"
ws="agent-$(date +%s)"

coder create "$ws" \
  --template claude-dev \
  --parameter "AI Prompt=$prompt" \
  --parameter "repo=https://git.example.com/platform/api" \
  --yes

coder create "$ws-docs" --template claude-dev --parameter 'AI Prompt=Write the API docs' -y
