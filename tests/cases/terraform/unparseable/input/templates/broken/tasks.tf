# main.tf may still read this; it cannot be parsed, so this stays.
data "coder_task" "me" {}
