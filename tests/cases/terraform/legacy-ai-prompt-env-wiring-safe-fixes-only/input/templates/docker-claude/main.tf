terraform {
  required_providers {
    coder = {
      source  = "coder/coder"
      version = "2.7.0"
    }
    docker = {
      source = "kreuzwerker/docker"
    }
  }
}

variable "anthropic_api_key" {
  type        = string
  description = "Generate one at https://console.anthropic.com/settings/keys"
  sensitive   = true
}

data "coder_workspace" "me" {}
data "coder_workspace_owner" "me" {}

# Filled in by Coder when a task starts this workspace.
data "coder_parameter" "ai_prompt" {
  type        = "string"
  name        = "AI Prompt"
  default     = ""
  description = "Write a prompt for Claude Code"
  mutable     = true
}

resource "coder_agent" "main" {
  arch = "amd64"
  os   = "linux"
  env = {
    GIT_AUTHOR_NAME                = data.coder_workspace_owner.me.name
    CODER_MCP_APP_STATUS_SLUG      = "claude-code"
    CODER_MCP_CLAUDE_API_KEY       = var.anthropic_api_key
    CODER_MCP_CLAUDE_SYSTEM_PROMPT = <<-EOT
      You are a helpful assistant that can help with code.
    EOT
  }
}

resource "coder_env" "task_prompt" {
  agent_id = coder_agent.main.id
  name     = "CODER_MCP_CLAUDE_TASK_PROMPT"
  value    = data.coder_parameter.ai_prompt.value
}

module "claude-code" {
  count                   = data.coder_workspace.me.start_count
  source                  = "registry.coder.com/modules/claude-code/coder"
  version                 = "1.2.0"
  agent_id                = coder_agent.main.id
  folder                  = "/home/coder"
  install_claude_code     = true
  claude_code_version     = "latest"
  experiment_use_screen   = true
  experiment_report_tasks = true
}

resource "docker_container" "workspace" {
  count = data.coder_workspace.me.start_count
  image = "codercom/example-universal:ubuntu"
  name  = "coder-${data.coder_workspace_owner.me.name}-${data.coder_workspace.me.name}"
  env   = ["CODER_AGENT_TOKEN=${coder_agent.main.token}"]
}
