#!/usr/bin/env bash
# Video pipeline helpers; also prints the coder version for the support bundle.
set -euo pipefail

transcoder task list --queue uploads
transcoder task create --preset 1080p "$INPUT"
/opt/media/bin/transcoder task delete "$OLD_JOB"
encoder tasks ls

coder version
coder task frobnicate --all
coder tasks
coder list --all
coder templates list
