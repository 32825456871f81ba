# Everything Coder Tasks needs lives in this file.

# Kept until the prompt moves to chats (PLAT-212).
# tasks2chats: ignore[TC502]
data "coder_task" "me" {}

resource "coder_ai_task" "codex" {
  count  = data.coder_workspace.me.start_count
  app_id = module.codex[count.index].task_app_id
}
