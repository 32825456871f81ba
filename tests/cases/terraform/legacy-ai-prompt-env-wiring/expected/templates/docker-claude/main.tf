terraform {
  required_providers {
    coder = {
      source  = "coder/coder"
      version = "2.7.0"
    }
    docker = {
      source = "kreuzwerker/docker"
    }
  }
}

data "coder_workspace" "me" {}
data "coder_workspace_owner" "me" {}

resource "coder_agent" "main" {
  arch = "amd64"
  os   = "linux"
  env = {
    GIT_AUTHOR_NAME                = data.coder_workspace_owner.me.name
  }
}

resource "docker_container" "workspace" {
  count = data.coder_workspace.me.start_count
  image = "codercom/example-universal:ubuntu"
  name  = "coder-${data.coder_workspace_owner.me.name}-${data.coder_workspace.me.name}"
  env   = ["CODER_AGENT_TOKEN=${coder_agent.main.token}"]
}
