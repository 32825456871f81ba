variable "agent_id" {
  type = string
}

variable "prompt" {
  type    = string
  default = ""
}

resource "coder_script" "tools" {
  agent_id     = var.agent_id
  display_name = "Install tools"
  run_on_start = true
  script       = "echo ${jsonencode(var.prompt)} > /tmp/prompt.json"
}
