terraform {
  required_providers {
    coder = {
      source = "coder/coder"
    }
  }
}

data "coder_task" "me" {}

resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
}

module "tools" {
  source   = "../../modules/agent-tools"
  agent_id = coder_agent.main.id
  prompt   = data.coder_task.me.prompt
}
