#!/usr/bin/env bash
# Disable InfluxDB downsampling tasks during the maintenance window.
set -euo pipefail

INFLUX_URL="${INFLUX_URL:-http://localhost:8086}"
ORG_ID="${INFLUX_ORG_ID:?}"

for id in $(curl -fsS "$INFLUX_URL/api/v2/tasks?orgID=$ORG_ID&status=active" \
    -H "Authorization: Token $INFLUX_TOKEN" | jq -r '.tasks[] | select(.name | startswith("downsample")) | .id'); do
  curl -fsS -X PATCH "$INFLUX_URL/api/v2/tasks/$id" \
    -H "Authorization: Token $INFLUX_TOKEN" \
    -H 'Content-Type: application/json' \
    -d '{"status": "inactive"}'
  curl -fsS -X POST "$INFLUX_URL/api/v2/tasks/$id/runs" -H "Authorization: Token $INFLUX_TOKEN"
done
curl -fsS -X DELETE "$INFLUX_URL/api/v2/tasks/$OBSOLETE_TASK" -H "Authorization: Token $INFLUX_TOKEN"
