#!/usr/bin/env bash
# Resident memory of a running `./datarun demo` (not a test): VmRSS and VmHWM of each of its processes
# from /proc, then a few hundred authorized reads and form prefills as a clerk, then the same figures again.
#   ./datarun demo &            # wait for "datarun is up"
#   deploy/bench/demo-memory.sh [reads]      (default 400 reads and 100 prefills)
# Same environment as the demo it measures (DATARUN_DATA, DATARUN_GATEWAY_PORT). Needs curl.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
DATA="${DATARUN_DATA:-$ROOT/data}"
RUN="$DATA/run"
GATEWAY_PORT="${DATARUN_GATEWAY_PORT:-8080}"
READS="${1:-400}"
PREFILLS=$((READS / 4))
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
DEMO_CP="deploy/demo/target/classes:deploy/demo/target/lib/*"
GW="http://127.0.0.1:$GATEWAY_PORT/api/v1"

kb() { awk -v k="$2" '$1 == k":" {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
report() { # label
  local name pid rss hwm sum=0 sum_hwm=0 all=0
  printf '%s\n' "$1"
  for name in kafka connectors gateway hrss-service mqtt-devices; do
    [[ -f $RUN/$name.pid ]] || continue
    pid=$(cat "$RUN/$name.pid")
    rss=$(kb "$pid" VmRSS); hwm=$(kb "$pid" VmHWM)
    [[ -n $rss ]] || continue
    printf '  %-13s RSS %5d MB  peak %5d MB\n' "$name" $((rss / 1024)) $((hwm / 1024))
    all=$((all + rss))
    case $name in kafka|connectors|gateway) sum=$((sum + rss)); sum_hwm=$((sum_hwm + hwm)) ;; esac
  done
  printf '  broker + connectors + gateway: %d MB (peaks %d MB); with the demo departments'"'"' two services: %d MB\n' \
    $((sum / 1024)) $((sum_hwm / 1024)) $((all / 1024))
}

[[ -f $RUN/gateway.pid ]] || { echo "no running demo in $DATA (./datarun demo)" >&2; exit 1; }
report "after the demo data loaded ($(date -u +%H:%M:%SZ), load $(cut -d' ' -f1-3 /proc/loadavg))"

TOKEN=$("$JAVA" -cp "$DEMO_CP" io.datarun.demo.Main token --keys-dir "$DATA/dev-keys" --dept civil-affairs --groups clerk)
mapfile -t IDS < <("$JAVA" -cp "$DEMO_CP" io.datarun.demo.Main residents --count "$READS" | cut -f1)
ok=0
for id in "${IDS[@]}"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    "$GW/datasets/public-security.household-registry/records/$id?purpose=minimum-living-allowance")
  [[ $code == 200 ]] && ok=$((ok + 1))
done
for id in "${IDS[@]:0:$PREFILLS}"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    "$GW/forms/minimum-living-allowance/prefill?subject=$id&purpose=minimum-living-allowance")
  [[ $code == 200 ]] && ok=$((ok + 1))
done
report "after ${#IDS[@]} reads and $PREFILLS prefills ($ok answered 200)"
