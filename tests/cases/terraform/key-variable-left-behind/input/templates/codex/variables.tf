variable "region" {
  type    = string
  default = "eu-west-1"
}

# Codex was removed from this template; nothing reads this any more.
variable "openai_api_key" {
  type      = string
  sensitive = true
}
