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
    latest=$(curl -fsS "${data.coder_workspace.me.access_url}/api/v2/tasks?q=owner:me" \
      -H "Coder-Session-Token: $CODER_SESSION_TOKEN" | jq -r '.tasks[0].id')
    curl -fsS -X POST "${data.coder_workspace.me.access_url}/api/v2/tasks/me/$${latest}/send" \
      -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
      -H "Content-Type: application/json" \
      -d '{"input": "The workspace restarted; carry on."}'
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
  curl -fsS -X DELETE "$CODER_URL/api/v2/tasks/me/$id" \
    -H "Coder-Session-Token: $CODER_SESSION_TOKEN"
done
%{ endif ~}
EOF
}
