terraform {
  required_providers {
    coder = {
      source  = "coder/coder"
      version = ">= 2.13"
    }
  }
}

data "coder_workspace" "me" {}

resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
}

# The old sidebar form, before app_id existed:
# resource "coder_ai_task" "task" {
#   sidebar_app {
#     id = coder_app.agent.id
#   }
# }

resource "coder_app" "agent" {
  agent_id = coder_agent.main.id
  slug     = "agent"
  url      = "http://localhost:8080"
}
