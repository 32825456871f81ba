terraform {
  required_providers {
    coder = {
      source  = "coder/coder"
      version = ">= 2.13"
    }
  }
}

data "coder_workspace" "me" {}
data "coder_workspace_owner" "me" {}

locals {
  base_env = {
    GIT_AUTHOR_NAME  = data.coder_workspace_owner.me.name
    GIT_AUTHOR_EMAIL = data.coder_workspace_owner.me.email
  }
}

resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
  env = merge(local.base_env)
}

resource "coder_app" "agent" {
  agent_id     = coder_agent.main.id
  slug         = "agent"
  display_name = "Agent"
  url          = "http://localhost:3284/"
  subdomain    = true
}
