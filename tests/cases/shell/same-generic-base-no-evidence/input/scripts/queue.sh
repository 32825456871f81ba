#!/usr/bin/env bash
# Job queue of the build farm (in-house service).
set -euo pipefail

API_URL="${API_URL:-https://buildfarm.example.org}"
curl -fsS "$API_URL/api/v2/tasks?q=status:queued" | jq -r '.tasks[].id'
curl -fsS -X POST "$API_URL/api/v2/tasks/farm/$JOB_ID/pause"
