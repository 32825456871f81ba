terraform {
  required_providers {
    coder = {
      source = "coder/coder"
    }
  }
}

data "coder_parameter" "prompt" {
  name    = "AI Prompt"
  type    = "string"
  default = ""
  mutable = true
}

locals {
  shared_env = { LANG = "C.UTF-8", GOOSE_TASK_PROMPT = data.coder_parameter.prompt.value }
}

resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
  env  = merge({ GEMINI_TASK_PROMPT = data.coder_parameter.prompt.value }, local.shared_env, { TZ = "UTC" })
}

resource "coder_agent" "sidecar" {
  os   = "linux"
  arch = "amd64"
  env = {
    AMP_TASK_PROMPT = "${data.coder_parameter.prompt.value}"
  }
}
