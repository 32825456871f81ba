terraform {
  required_providers {
    coder = {
      source  = "coder/coder"
      version = "~> 2.7"
    }
  }
}

locals {
  agents = {
    claude = { port = 3284 }
    review = { port = 3285 }
  }
}

resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
}

resource "coder_app" "agent" {
  for_each     = local.agents
  agent_id     = coder_agent.main.id
  slug         = each.key
  display_name = title(each.key)
  url          = "http://localhost:${each.value.port}/"
}

resource "coder_ai_task" "task" {
  for_each = local.agents
  sidebar_app {
    id = coder_app.agent[each.key].id
  }
}
