#!/bin/sh
# CI smoke test for the agent templates (written for Coder 2.26, kept since).
set -eu

CODER="${CODER_BIN:-/usr/local/bin/coder}"

/usr/local/bin/coder exp task create --template smoke "Print the Go version"
coder exp task ls
coder exp task status smoke-1
coder tasks list --all
coder tasks logs smoke-1
coder --url "$CODER_URL" tasks send smoke-1 "exit when done"
coder exp task delete smoke-1 --yes
"$CODER" version
