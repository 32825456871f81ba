terraform {
  required_providers {
    coder = { source = "coder/coder" }
  }
}
data "coder_task" "me" {}
resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
}
resource "coder_script" "nudge" {
  agent_id     = coder_agent.main.id
  display_name = "nudge"
  run_on_start = true
  script       = <<-EOT
    curl -X POST -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
      "$CODER_URL/api/v2/tasks/me/${data.coder_task.me.id}/send" -d '{"input": "hi"}'
  EOT
}
