# shellcheck shell=bash
# BENCH_LAB=1: run.sh's broker with the demo-size table loaded and one gateway serving it, held up for
# trying a change by hand (not a measurement of record). Writes $RUN/lab.env (the gateway's URL, the
# token, the file of resident IDs) and then follows two files:
#   touch $RUN/lab.restart   copy the freshly built gateway (gateway/target/quarkus-app) and restart it,
#                            with the extra JVM options in $RUN/lab.opts, if that file exists
#   touch $RUN/lab.stop      stop everything (or Ctrl-C)
# Sourced by run.sh.
start_connectors small "$DB_SMALL"
wait_for "small backfill" 600 connectors-small rows_seen_reached "bench-small-$STAMP" "$ROWS_SMALL"
ACCEPTED_SMALL=$(offsets_of "bench-small-$STAMP" | tail -n 1 | json_num accepted)
stop connectors-small
BASE_GATEWAY_OPTS=(${GATEWAY_OPTS[@]+"${GATEWAY_OPTS[@]}"})
lab_gateway() {
  GATEWAY_OPTS=(${BASE_GATEWAY_OPTS[@]+"${BASE_GATEWAY_OPTS[@]}"})
  if [[ -f $RUN/lab.opts ]]; then read -r -a extra <"$RUN/lab.opts"; GATEWAY_OPTS+=("${extra[@]}"); fi
  start_gateway
  wait_for "gateway ready" 600 gateway http_ok "$GW/q/health/ready"
  wait_for "gateway serving $ACCEPTED_SMALL records" 300 gateway gateway_has "$ACCEPTED_SMALL"
  say "lab: gateway pid ${PID[gateway]} serving on $GW ${GATEWAY_OPTS[*]}"
  echo "READY ${PID[gateway]}" >"$RUN/lab.state"
}
{
  echo "GW=$GW"
  echo "BENCH_TOKEN=$TOKEN"
  echo "IDS=$RUN/ids-small.txt"
  echo "READS_LUA=$BENCH/reads.lua"
} >"$RUN/lab.env"
lab_gateway
while [[ ! -f $RUN/lab.stop ]]; do
  if [[ -f $RUN/lab.restart ]]; then
    rm -f "$RUN/lab.restart"
    echo "RESTARTING" >"$RUN/lab.state"
    stop gateway
    rm -rf "$APP/gateway" && cp -rp gateway/target/quarkus-app "$APP/gateway"
    lab_gateway
  fi
  sleep 1
done
say "lab: stopped"
