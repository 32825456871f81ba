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
  report_tasks      = false
}
