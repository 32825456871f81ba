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
data "coder_task" "me" {}

locals {
  base_env = {
    GIT_AUTHOR_NAME  = data.coder_workspace_owner.me.name
    GIT_AUTHOR_EMAIL = data.coder_workspace_owner.me.email
  }
  # Every task starts with the repository's conventions.
  task_prompt = join("\n\n", [
    "Read CONTRIBUTING.md before changing anything.",
    data.coder_task.me.prompt,
  ])
}

resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
  env = merge(local.base_env, {
    CODER_MCP_CLAUDE_TASK_PROMPT = local.task_prompt
  })
}

resource "coder_app" "agent" {
  agent_id     = coder_agent.main.id
  slug         = "agent"
  display_name = "Agent"
  url          = "http://localhost:3284/"
  subdomain    = true
}

resource "coder_ai_task" "task" {
  app_id = coder_app.agent.id
}
