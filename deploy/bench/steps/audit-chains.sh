# shellcheck shell=bash
# BENCH_AUDIT_CHAINS="1 4": run.sh's broker, then only this A/B of datarun.gateway.audit-chains: the
# demo-size table backfilled once, then one gateway at a time (same application id and state, so a
# restart resumes its stores) with each chain count in turn, twice round (1, 4, 1, 4), so drift on a
# shared machine hits every count alike. Each start: the blank endpoint, reads at -c32, reads at -c1.
# Sourced by run.sh.
RESULTS="$RUN/results.txt"
{
  echo "datarun benchmark, audit chains A/B ($AUDIT_CHAINS)  $(date -u +%Y-%m-%dT%H:%M:%SZ)  HEAD $(git rev-parse --short HEAD 2>/dev/null || echo '?') (jars built: $BUILT)"
  echo "broker: LocalKafkaMain, $KAFKA_SECURITY"
  echo "machine: $(nproc) cores, $(free -m | awk '/^Mem:/ {print $2}') MB RAM; load avg at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "wrk -t$WRK_THREADS -c$WRK_CONNECTIONS ${DURATION}s after ${WARMUP}s warm-up; -t1 -c1 ${DURATION}s; reads over $((SMALL * 99 / 100)) residents"
} | tee "$RESULTS"
start_connectors small "$DB_SMALL"
wait_for "small backfill" 600 connectors-small rows_seen_reached "bench-small-$STAMP" "$ROWS_SMALL"
ACCEPTED_SMALL=$(offsets_of "bench-small-$STAMP" | tail -n 1 | json_num accepted)
stop connectors-small
BASE_GATEWAY_OPTS=(${GATEWAY_OPTS[@]+"${GATEWAY_OPTS[@]}"})
for round in 1 2; do
  for chains in $AUDIT_CHAINS; do
    GATEWAY_OPTS=(${BASE_GATEWAY_OPTS[@]+"${BASE_GATEWAY_OPTS[@]}"} "-Ddatarun.gateway.audit-chains=$chains")
    say "round $round: gateway with $chains audit chain(s)"
    start_gateway
    wait_for "gateway ready" 600 gateway http_ok "$GW/q/health/ready"
    wait_for "gateway serving $ACCEPTED_SMALL records" 300 gateway gateway_has "$ACCEPTED_SMALL"
    grep -q "audit trail writes $chains chain(s)" "$RUN/logs/gateway.log" || die "the gateway did not log $chains audit chains"
    blank "ab-$chains-$round-blank-warm" "$WARMUP" >/dev/null
    read -r R_BLANK _ _ _ <<<"$(blank "ab-$chains-$round-blank" "$DURATION")"
    warm_reads "ab-$chains-$round-warm" "$RUN/ids-small.txt" >/dev/null
    read -r R_READS P50_READS P99_READS BAD_READS <<<"$(reads "ab-$chains-$round" "$DURATION" "$RUN/ids-small.txt")"
    SAVED_T=$WRK_THREADS SAVED_C=$WRK_CONNECTIONS
    WRK_THREADS=1 WRK_CONNECTIONS=1
    read -r R_SEQ P50_SEQ P99_SEQ _ <<<"$(reads "ab-$chains-$round-seq" "$DURATION" "$RUN/ids-small.txt")"
    WRK_THREADS=$SAVED_T WRK_CONNECTIONS=$SAVED_C
    printf '    chains %-2s round %d  blank %7.0f req/s | reads -c%d %6.0f req/s p50 %-9s p99 %-9s non-2xx %s ratio %s | -c1 %5.0f req/s p50 %-9s p99 %s | load %s\n' \
      "$chains" "$round" "$R_BLANK" "$WRK_CONNECTIONS" "$R_READS" "$P50_READS" "$P99_READS" "$BAD_READS" \
      "$(ratio "$R_READS" "$R_BLANK")" "$R_SEQ" "$P50_SEQ" "$P99_SEQ" "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$RESULTS"
    cp "$RUN/logs/gateway.log" "$RUN/logs/gateway-ab-$chains-$round.log"
    stop gateway
  done
done
say "results in $RESULTS, logs in $RUN/logs"
