terraform {
  required_providers {
    coder = {
      source = "coder/coder"
    }
  }
}

variable "anthropic_api_key" {
  type      = string
  sensitive = true
}

data "coder_task" "me" {}

resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
}

module "claude-code" {
  source            = "registry.coder.com/coder/claude-code/coder"
  version           = "~> 5.0"
  agent_id          = coder_agent.main.id
  workdir           = "/home/coder"
  anthropic_api_key = var.anthropic_api_key
  ai_prompt         = data.coder_task.me.prompt
  report_tasks      = false
}
