terraform {
  required_providers {
    coder = {
      source  = "coder/coder"
      version = ">= 2.13"
    }
  }
}

data "coder_workspace" "me" {}
data "coder_task" "me" {}

resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
}

module "goose" {
  source         = "registry.coder.com/coder/goose/coder"
  version        = "3.0.1"
  agent_id       = coder_agent.main.id
  folder         = "/home/coder"
  goose_provider = "anthropic"
  goose_model    = "claude-sonnet-4"
}

resource "coder_env" "goose_prompt" {
  agent_id = coder_agent.main.id
  name     = "GOOSE_TASK_PROMPT"
  value    = data.coder_task.me.prompt
}

resource "coder_ai_task" "goose" {
  app_id = module.goose.task_app_id
}

# Shows which agent runs the task on the workspace page.
resource "coder_metadata" "task_info" {
  resource_id = coder_ai_task.goose.id
  item {
    key   = "agent"
    value = "goose"
  }
}

resource "coder_metadata" "workspace_info" {
  resource_id = coder_agent.main.id
  item {
    key   = "image"
    value = "codercom/enterprise-base:ubuntu"
  }
}
