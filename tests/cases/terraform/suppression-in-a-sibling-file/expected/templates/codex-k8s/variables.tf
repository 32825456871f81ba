variable "namespace" {
  type        = string
  description = "Kubernetes namespace for workspaces."
  default     = "coder"
}
