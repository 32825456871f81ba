terraform {
  required_providers {
    coder = {
      source = "coder/coder"
    }
  }
}

data "coder_workspace" "me" {}

resource "coder_agent" "main" {
  os             = "linux"
  arch           = "amd64"
  startup_script = <<-EOT
    set -e
    # Nudge the newest task of this workspace's owner.
    latest=$(curl -fsS "${data.coder_workspace.me.access_url}/api/experimental/chats" \
      -H "Coder-Session-Token: $CODER_SESSION_TOKEN" | jq -r '.[0].id')
    curl -fsS -X POST "${data.coder_workspace.me.access_url}/api/experimental/chats/$${latest}/messages" \
      -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
      -H "Content-Type: application/json" \
      -d '{"content": [{"type": "text", "text": "The workspace restarted; carry on."}]}'
  EOT
}

resource "coder_script" "cleanup" {
  agent_id     = coder_agent.main.id
  display_name = "Clean up finished tasks"
  run_on_stop  = true
  script       = <<EOF
#!/usr/bin/env bash
set -euo pipefail
%{ if data.coder_workspace.me.transition == "stop" ~}
for id in $(coder task list -o json | jq -r '.[].id'); do
  curl -fsS -X PATCH "$CODER_URL/api/experimental/chats/$id" \
    -H "Coder-Session-Token: $CODER_SESSION_TOKEN" -H 'Content-Type: application/json' -d '{"archived": true}'
done
%{ endif ~}
EOF
}
