terraform {
  required_providers {
    coder = {
      source = "coder/coder"
    }
  }
}

data "coder_task" "me" {}

resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
  env = {
    # Copied from the provider docs' example, which names the wrong data source.
    FIRST_PROMPT = data.coder_ai_task.me.prompt
    TASK_ID      = data.coder_task.me.task_id
  }
}
