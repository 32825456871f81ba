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

# Agent templates: Python 3.12, Poetry and PostgreSQL for the payments service.

variable "anthropic_api_key" {
  type        = string
  description = "Key for people who run Claude Code by hand in the workspace."
  sensitive   = true
}

data "coder_workspace" "me" {}
data "coder_workspace_owner" "me" {}

resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
  env = {
    GIT_AUTHOR_NAME = data.coder_workspace_owner.me.name
  }
}

module "claude-code" {
  count             = data.coder_workspace.me.start_count
  source            = "registry.coder.com/coder/claude-code/coder"
  version           = "5.1.0"
  agent_id          = coder_agent.main.id
  workdir           = "/home/coder/payments"
  anthropic_api_key = var.anthropic_api_key
}

resource "coder_script" "announce" {
  agent_id     = coder_agent.main.id
  display_name = "Tell the chat the workspace is up"
  run_on_start = true
  script       = <<-EOT
    #!/bin/bash
    set -eu
    if [ -n "$${CHAT_ID:-}" ]; then
      curl -fsS -X POST "${data.coder_workspace.me.access_url}/api/experimental/chats/$${CHAT_ID}/messages" \
        -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
        -H "Content-Type: application/json" \
        -d '{"content": [{"type": "text", "text": "Workspace is ready."}]}'
    fi
  EOT
}

resource "docker_container" "workspace" {
  count = data.coder_workspace.me.start_count
  image = "ghcr.io/example/payments-dev:2026.09"
  name  = "coder-${data.coder_workspace_owner.me.name}-${lower(data.coder_workspace.me.name)}"
  env   = ["CODER_AGENT_TOKEN=${coder_agent.main.token}"]
}
