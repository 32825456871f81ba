terraform {
  required_providers {
    coder = {
      source  = "coder/coder"
      version = ">= 2.13"
    }
  }
}

variable "anthropic_api_key" {
  type      = string
  sensitive = true
}

data "coder_workspace" "me" {}
data "coder_task" "me" {}

resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
}

# The platform team's module wires the agent the same way in every template.
module "agent" {
  source            = "../../modules/task-agent"
  agent_id          = coder_agent.main.id
  prompt            = data.coder_task.me.prompt
  anthropic_api_key = var.anthropic_api_key
}
