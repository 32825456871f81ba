terraform {
  required_providers {
    coder = {
      source  = "coder/coder"
      version = ">= 2.13"
    }
    docker = {
      source = "kreuzwerker/docker"
    }
  }
}

provider "docker" {}

data "coder_provisioner" "me" {}
data "coder_workspace" "me" {}
data "coder_workspace_owner" "me" {}

variable "anthropic_api_key" {
  type        = string
  description = "Anthropic API key passed to Claude Code."
  sensitive   = true
}

resource "coder_agent" "main" {
  arch           = data.coder_provisioner.me.arch
  os             = "linux"
  startup_script = <<-EOT
    set -e
    mkdir -p ~/workspace
  EOT

  env = {
    GIT_AUTHOR_NAME  = coalesce(data.coder_workspace_owner.me.full_name, data.coder_workspace_owner.me.name)
    GIT_AUTHOR_EMAIL = data.coder_workspace_owner.me.email
  }
}

module "claude-code" {
  count          = data.coder_workspace.me.start_count
  source         = "registry.coder.com/coder/claude-code/coder"
  version        = "4.2.1"
  agent_id       = coder_agent.main.id
  workdir        = "/home/coder/workspace"
  claude_api_key = var.anthropic_api_key
  system_prompt  = "Work in ~/workspace and open a pull request when you are done."
}

resource "docker_container" "workspace" {
  count      = data.coder_workspace.me.start_count
  image      = "codercom/enterprise-base:ubuntu"
  name       = "coder-${data.coder_workspace_owner.me.name}-${lower(data.coder_workspace.me.name)}"
  hostname   = data.coder_workspace.me.name
  entrypoint = ["sh", "-c", replace(coder_agent.main.init_script, "/localhost|127\\.0\\.0\\.1/", "host.docker.internal")]
  env        = ["CODER_AGENT_TOKEN=${coder_agent.main.token}"]
}
