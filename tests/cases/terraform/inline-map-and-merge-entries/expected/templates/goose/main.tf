terraform {
  required_providers {
    coder = {
      source = "coder/coder"
    }
  }
}

locals {
  shared_env = { LANG = "C.UTF-8" }
}

resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
  env  = merge(local.shared_env, { TZ = "UTC" })
}

resource "coder_agent" "sidecar" {
  os   = "linux"
  arch = "amd64"
  env = {}
}
