variable "agent_id" {
  type        = string
  description = "The agent the tools are installed on."
}

variable "prompt" {
  type        = string
  description = "The task prompt handed to Claude Code."
}

variable "anthropic_api_key" {
  type      = string
  sensitive = true
}
