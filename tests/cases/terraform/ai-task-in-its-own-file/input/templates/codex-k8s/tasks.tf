# Everything Coder Tasks needs lives in this file.

data "coder_task" "me" {}

resource "coder_ai_task" "codex" {
  count  = data.coder_workspace.me.start_count
  app_id = module.codex[count.index].task_app_id
}
