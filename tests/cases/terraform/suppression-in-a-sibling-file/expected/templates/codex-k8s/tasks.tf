# Everything Coder Tasks needs lives in this file.

# Kept until the prompt moves to chats (PLAT-212).
# tasks2chats: ignore[TC502]
data "coder_task" "me" {}
