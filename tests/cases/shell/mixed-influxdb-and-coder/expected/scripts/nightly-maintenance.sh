#!/usr/bin/env bash
# Nightly: pause the InfluxDB rollup tasks, let a Coder agent rebuild the dashboards.
set -euo pipefail

INFLUX_URL="https://influx.internal.example.com"
CODER_URL="${CODER_URL:-https://coder.internal.example.com}"

influx_tasks=$(curl -fsS "$INFLUX_URL/api/v2/tasks?org=ops" \
  -H "Authorization: Token $INFLUX_TOKEN" | jq -r '.tasks[].id')
for id in $influx_tasks; do
  curl -fsS -X PATCH "$INFLUX_URL/api/v2/tasks/$id" \
    -H "Authorization: Token $INFLUX_TOKEN" \
    -H 'Content-Type: application/json' -d '{"status": "inactive"}'
done

curl -fsS "$CODER_URL/api/experimental/chats" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" | jq -r '.[].id'
curl -fsS -X POST "$CODER_URL/api/experimental/chats/$DASHBOARD_TASK_ID/messages" \
  -H "Coder-Session-Token: $CODER_SESSION_TOKEN" \
  -H 'Content-Type: application/json' \
  -d '{"content": [{"type": "text", "text": "Rebuild the Grafana dashboards from the new rollups"}]}'
curl -fsS -X DELETE "$INFLUX_URL/api/v2/tasks/$STALE_ROLLUP" -H "Authorization: Token $INFLUX_TOKEN"
