variable "namespace" {
  type        = string
  description = "Kubernetes namespace for workspaces."
  default     = "coder"
}

variable "openai_api_key" {
  type        = string
  description = "OpenAI key for Codex."
  sensitive   = true
}
