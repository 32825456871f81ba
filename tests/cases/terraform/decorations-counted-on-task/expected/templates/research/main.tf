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

resource "coder_script" "agent" {
  agent_id     = coder_agent.main.id
  display_name = "Research agent"
  run_on_start = true
  script       = "research-agent --watch /home/coder/notes"
}
