#!/usr/bin/env bash
# Our wrapper for calls to the Coder deployment.
api() {
  curl --fail --silent --show-error -H "Coder-Session-Token: ${CODER_SESSION_TOKEN}" "$@"
}
