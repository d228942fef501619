#!/usr/bin/env bash
# Browser test of the clerk web UI (/ui/) in headless Chromium (Debian's /usr/bin/chromium, driven by
# playwright-core). Starts its own demo in its own data folder on its own ports, mints DEV-ONLY tokens,
# runs test.mjs with node's built-in test runner, and stops the demo on exit.
#   deploy/ui-test/run.sh
#   UI_TEST_SCREENSHOT=docs/img/prefilled-form.png deploy/ui-test/run.sh   # refresh the README screenshot
# Needs: chromium (apt-get install -y chromium fonts-noto-cjk), Node.js 18+ with npm, a JDK 17.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PORT_BASE=${UI_TEST_PORT_BASE:-28080}
export DATARUN_DATA="${UI_TEST_DATA:-$HERE/target/data}"
export DATARUN_GATEWAY_PORT=$PORT_BASE
export DATARUN_CONNECTORS_HTTP_PORT=$((PORT_BASE + 1))
export DATARUN_KAFKA_PORT=$((PORT_BASE + 1012))
export DATARUN_KAFKA_CONTROLLER_PORT=$((PORT_BASE + 1013))
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
SCREENSHOT="${UI_TEST_SCREENSHOT:-$HERE/target/prefilled-form.png}"
[[ "$SCREENSHOT" = /* ]] || SCREENSHOT="$ROOT/$SCREENSHOT"
LOG="$HERE/target/demo.log"

say() { printf 'ui-test: %s\n' "$*" >&2; }
[[ -x "$CHROMIUM" ]] || { say "no $CHROMIUM: apt-get install -y chromium fonts-noto-cjk"; exit 2; }
command -v node >/dev/null || { say "Node.js is needed"; exit 2; }
[[ -d "$HERE/node_modules/playwright-core" ]] || (cd "$HERE" && npm ci --no-audit --no-fund)

rm -rf "$DATARUN_DATA"
mkdir -p "$HERE/target"
cd "$ROOT"
say "starting the demo (data $DATARUN_DATA, gateway :$DATARUN_GATEWAY_PORT, Kafka :$DATARUN_KAFKA_PORT); log $LOG"
setsid ./datarun demo >"$LOG" 2>&1 &
DEMO=$!
stop_demo() {
  # TERM: a background job of a script ignores INT; the launcher traps TERM and stops its processes
  kill -TERM "$DEMO" 2>/dev/null || return 0
  for _ in $(seq 180); do kill -0 "$DEMO" 2>/dev/null || return 0; sleep 0.5; done
  kill -TERM -- "-$DEMO" 2>/dev/null || true
}
trap stop_demo EXIT

for i in $(seq 600); do
  grep -q '^datarun is up' "$LOG" && break
  kill -0 "$DEMO" 2>/dev/null || { say "the demo exited"; tail -20 "$LOG" >&2; exit 1; }
  [[ $i -lt 600 ]] || { say "the demo did not come up in 600 s"; tail -20 "$LOG" >&2; exit 1; }
  sleep 1
done
RESIDENT=$(sed -n 's/^  a resident *\([0-9X]\{18\}\).*/\1/p' "$LOG" | head -n 1)
export RESIDENT="${RESIDENT:-110101195803215030}"
CLERK_TOKEN=$(./datarun token --dept civil-affairs --groups clerk)
ADMIN_TOKEN=$(./datarun token --dept data-administration --groups admin)
export CLERK_TOKEN ADMIN_TOKEN SCREENSHOT BASE_URL="http://127.0.0.1:$DATARUN_GATEWAY_PORT"

# the stores may still be restoring and the connectors still loading the feeds: wait until a prefill
# answers with the resident's feeds in (at least 10 of the 15 sourced fields prefilled)
url="$BASE_URL/api/v1/forms/minimum-living-allowance/prefill?subject=$RESIDENT&purpose=minimum-living-allowance"
for i in $(seq 180); do
  answer=$(curl -s -H "Authorization: Bearer $CLERK_TOKEN" "$url" || true)
  prefilled=$(printf '%s' "$answer" | grep -o '"prefilled":[0-9]*' | tail -n 1 | cut -d: -f2)
  [[ "${prefilled:-0}" -ge 10 ]] && break
  [[ $i -lt 180 ]] || { say "prefill not ready: ${answer:0:300}"; exit 1; }
  sleep 1
done
say "demo up, resident $RESIDENT; running the browser test"
cd "$HERE"
node --test test.mjs
