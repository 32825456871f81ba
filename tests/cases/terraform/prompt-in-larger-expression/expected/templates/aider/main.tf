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
  preamble = "You work on the billing service. Keep changes small."
}

resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
  env = {
    WORKSPACE_MODE = data.coder_task.me.enabled ? "task" : "interactive"
  }
}

# Keeps the agent's scratch files between task runs.
resource "docker_volume" "task_cache" {
  count = data.coder_task.me.enabled ? 1 : 0
  name  = "task-cache-${data.coder_workspace.me.id}"
}
