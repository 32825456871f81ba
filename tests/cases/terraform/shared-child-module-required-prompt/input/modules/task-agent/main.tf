terraform {
  required_providers {
    coder = {
      source = "coder/coder"
    }
  }
}

module "claude-code" {
  source         = "registry.coder.com/coder/claude-code/coder"
  version        = "4.9.2"
  agent_id       = var.agent_id
  workdir        = "/home/coder/src"
  claude_api_key = var.anthropic_api_key
  ai_prompt      = var.prompt
}

output "task_app_id" {
  description = "Pass this to coder_ai_task.app_id."
  value       = module.claude-code.task_app_id
}
