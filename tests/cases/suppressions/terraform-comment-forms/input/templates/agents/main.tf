terraform {
  required_providers {
    coder = {
      source = "coder/coder"
    }
  }
}

data "coder_workspace" "me" {}

// The task view stays until the template is rebuilt.
// tasks2chats: ignore[TC501]
resource "coder_ai_task" "task" {
  count  = data.coder_workspace.me.start_count
  app_id = coder_app.agent.id
}

resource "coder_app" "agent" {
  agent_id = "agent"
  slug     = "agent"
  url      = "http://localhost:3284"
}

resource "coder_script" "cleanup" {
  agent_id = "agent"
  script   = <<-EOT
    # tasks2chats: ignore[TC104]
    curl -X DELETE -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL/api/v2/tasks/me/$ID"
    curl -X DELETE -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL/api/v2/tasks/me/$OTHER"
  EOT
}
