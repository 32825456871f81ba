terraform {
  required_providers {
    coder = {
      source = "coder/coder"
    }
  }
}

data "coder_workspace" "me" {}

resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
  env = {
    EDITOR = "vim"
    # CODER_MCP_CLAUDE_TASK_PROMPT = data.coder_task.me.prompt
  }
}

# Tasks were switched off here in March; kept for reference.
# data "coder_task" "me" {}
#
# resource "coder_ai_task" "task" {
#   app_id = module.claude-code[0].task_app_id
# }

/*
module "claude-code" {
  source    = "registry.coder.com/coder/claude-code/coder"
  version   = "4.0.0"
  agent_id  = coder_agent.main.id
  ai_prompt = data.coder_task.me.prompt
}
*/

// resource "coder_metadata" "task" {
//   resource_id = coder_ai_task.task[0].id
// }
