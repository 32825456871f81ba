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

locals {
  prompt = data.coder_task.me.prompt
}

resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
}

resource "coder_app" "task_log" {
  count        = data.coder_task.me.enabled ? 1 : 0
  agent_id     = coder_agent.main.id
  slug         = "task-log"
  display_name = "Task log"
  command      = "tail -f /tmp/agent.log"
}

resource "coder_script" "agent" {
  agent_id     = coder_agent.main.id
  display_name = "Research agent"
  run_on_start = true
  script       = "research-agent --watch /home/coder/notes"
}

output "prompt" {
  value = local.prompt
}
