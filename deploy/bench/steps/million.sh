# deploy/bench/steps/million.sh: the 1,000,000-resident step of the benchmark, sourced by run.sh after
# its report when BENCH_MILLION=1 (it needs run.sh's functions and its running broker and gateway).
#   (g) a connector loads BENCH_MILLION_RESIDENTS residents (default 1,000,000) into the same topic, the
#       gateway serves them; reads vs blank over all of them (wrk -c32); a 7-source prefill vs a read,
#       one clerk at a time; the gateway's RSS against the 5,000-resident figure of phase 1; then two
#       restarts timed to "ready" and to the first answered read: with the state on disk, and with the
#       state folder deleted (every store restored from Kafka).
# shellcheck shell=bash
DB_MILLION="datarun_bench_million_$$"
say "(g) $MILLION_RESIDENTS residents: seeding $DB_MILLION (household registry only; not timed)"
create_db "$DB_MILLION"
"$JAVA" -cp "$DEMO_CP" io.datarun.demo.Main seed --jdbc-url "jdbc:postgresql://$PG_HOST:$PG_PORT/$DB_MILLION" \
  --user "$PG_USER" --residents "$MILLION_RESIDENTS" --tables hukou_residents >"$RUN/logs/seed-$DB_MILLION.log" 2>&1 \
  || die "seeding $DB_MILLION failed; see $RUN/logs/seed-$DB_MILLION.log"
ROWS_MILLION=$(psql_q -d "$DB_MILLION" -c "SELECT count(*) FROM hukou_residents")
"$JAVA" -cp "$DEMO_CP" io.datarun.demo.Main residents --count $((MILLION_RESIDENTS * 99 / 100)) | cut -f1 >"$RUN/ids-million.txt"
stop connectors-large # idle since (b); its memory is not part of this step

say "  connector loads $ROWS_MILLION rows (the same residents as before and more: one topic, keyed by resident)"
mkdir -p "$RUN/decl-million"
T_M0=$(now_ms)
start_connectors million "$DB_MILLION"
wait_for "1M backfill ($ROWS_MILLION rows seen)" 3600 connectors-million rows_seen_reached "bench-million-$STAMP" "$ROWS_MILLION"
T_M_LOADED=$(now_ms)
ACCEPTED_M=$(offsets_of "bench-million-$STAMP" | tail -n 1 | json_num accepted)
wait_for "gateway serving $ACCEPTED_M records" 1800 gateway gateway_has "$ACCEPTED_M"
T_M_SERVED=$(now_ms)
stop connectors-million
say "  loaded in $(((T_M_LOADED - T_M0) / 1000)) s from connector launch ($(awk -v n="$ROWS_MILLION" -v ms=$((T_M_LOADED - T_M0)) 'BEGIN {printf "%.0f", n * 1000 / ms}') rows/s), served $(((T_M_SERVED - T_M_LOADED) / 1000)) s later"

say "  reads vs blank over $(wc -l <"$RUN/ids-million.txt") residents (warm-up ${WARMUP}s each, then ${DURATION}s each)"
blank g-blank-warm "$WARMUP" >/dev/null
warm_reads g-reads-warm "$RUN/ids-million.txt" >/dev/null
read -r R_M_BLANK P50_M_BLANK P99_M_BLANK BAD_M_BLANK <<<"$(blank g-blank "$DURATION")"
read -r R_M_READS P50_M_READS P99_M_READS BAD_M_READS <<<"$(reads g-reads "$DURATION" "$RUN/ids-million.txt")"
say "  reads/blank $(ratio "$R_M_READS" "$R_M_BLANK") at $ACCEPTED_M residents"
SAVED_T=$WRK_THREADS SAVED_C=$WRK_CONNECTIONS
WRK_THREADS=1 WRK_CONNECTIONS=1
read -r R_M_PRE P50_M_PRE P99_M_PRE BAD_M_PRE <<<"$(wrk_run g-prefill "$DURATION" "$GW" "$BENCH/prefill.lua" "$RUN/ids-million.txt" "$FORM" "$PURPOSE")"
read -r R_M_HH P50_M_HH P99_M_HH BAD_M_HH <<<"$(wrk_run g-household "$DURATION" "$GW" "$BENCH/prefill.lua" "$RUN/ids-million.txt" "$FORM" "$PURPOSE" household)"
read -r R_M_READ1 P50_M_READ1 P99_M_READ1 BAD_M_READ1 <<<"$(reads g-read "$DURATION" "$RUN/ids-million.txt")"
WRK_THREADS=$SAVED_T WRK_CONNECTIONS=$SAVED_C
RSS_GW_M=$(rss_kb "${PID[gateway]}")
memory_breakdown gateway-million "${PID[gateway]}"
STATE_M=$(du -sm "$RUN/gateway/state" | cut -f1)
say "  prefill/read $(ratio "$R_M_READ1" "$R_M_PRE"), household/read $(ratio "$R_M_READ1" "$R_M_HH"); gateway RSS $(mb "$RSS_GW_M") MB vs $(mb "$RSS_GW_SMALL") MB at $ACCEPTED_SMALL: ratio $(ratio "$RSS_GW_M" "$RSS_GW_SMALL")"

# restart: stop (orderly: stores flushed, checkpoints written), start, time to ready and to the first read
M_ID=$(tail -n 1 "$RUN/ids-million.txt")
read_ok() { http_ok -H "Authorization: Bearer $TOKEN" "$GW/api/v1/datasets/$DATASET/records/$M_ID?purpose=$PURPOSE"; }
# not in $(...): the gateway started here must stay known to run.sh's PID table (and its EXIT trap)
timed_restart() { # label; sets T_READY T_FIRST T_FULL (ms from launch to ready, first read, every record counted)
  local t0
  t0=$(now_ms)
  start_gateway
  wait_for "gateway ready ($1)" 3600 gateway http_ok "$GW/q/health/ready"
  T_READY=$(($(now_ms) - t0))
  wait_for "first read ($1)" 3600 gateway read_ok
  T_FIRST=$(($(now_ms) - t0))
  wait_for "gateway serving $ACCEPTED_M records ($1)" 3600 gateway gateway_has "$ACCEPTED_M"
  T_FULL=$(($(now_ms) - t0))
}
say "  restart with the state on disk ($STATE_M MB)"
stop gateway
timed_restart state-kept
RS_READY=$T_READY RS_FIRST=$T_FIRST RS_FULL=$T_FULL
say "    ready after $RS_READY ms, first read $RS_FIRST ms, all $ACCEPTED_M served $RS_FULL ms"
say "  restart with the state lost (folder deleted: every store restored from Kafka)"
stop gateway
rm -rf "$RUN/gateway/state"
timed_restart state-lost
RL_READY=$T_READY RL_FIRST=$T_FIRST RL_FULL=$T_FULL
RSS_GW_RESTORED=$(rss_kb "${PID[gateway]}")
say "    ready after $RL_READY ms, first read $RL_FIRST ms, all $ACCEPTED_M served $RL_FULL ms"

{
  echo
  echo "(g) $ACCEPTED_M residents served ($ROWS_MILLION rows loaded by a connector in $(((T_M_LOADED - T_M0) / 1000)) s from its launch; served $(((T_M_SERVED - T_M_LOADED) / 1000)) s after)"
  printf '    blank  GET /q/health/live          %9.0f req/s   p50 %-8s p99 %-8s non-2xx %s\n' "$R_M_BLANK" "$P50_M_BLANK" "$P99_M_BLANK" "$BAD_M_BLANK"
  printf '    reads  GET .../records/{id}         %9.0f req/s   p50 %-8s p99 %-8s non-2xx %s\n' "$R_M_READS" "$P50_M_READS" "$P99_M_READS" "$BAD_M_READS"
  echo "    ratio reads/blank = $(ratio "$R_M_READS" "$R_M_BLANK")"
  printf '    one clerk: read p50 %s p99 %s; prefill p50 %s p99 %s; prefill/read = %s\n' "$P50_M_READ1" "$P99_M_READ1" \
    "$P50_M_PRE" "$P99_M_PRE" "$(ratio "$R_M_READ1" "$R_M_PRE")"
  printf '    one clerk: household view p50 %s p99 %s non-2xx %s; household/read = %s\n' "$P50_M_HH" "$P99_M_HH" "$BAD_M_HH" \
    "$(ratio "$R_M_READ1" "$R_M_HH")"
  echo "    gateway RSS $(mb "$RSS_GW_M") MB serving $ACCEPTED_M vs $(mb "$RSS_GW_SMALL") MB serving $ACCEPTED_SMALL: ratio $(ratio "$RSS_GW_M" "$RSS_GW_SMALL") (target <= 1.10); RocksDB state on disk $STATE_M MB"
  echo "    restart, state on disk:  ready ${RS_READY} ms, first read ${RS_FIRST} ms, every record served ${RS_FULL} ms"
  echo "    restart, state lost:     ready ${RL_READY} ms, first read ${RL_FIRST} ms, every record served ${RL_FULL} ms (RSS after: $(mb "$RSS_GW_RESTORED") MB)"
} | tee -a "$RESULTS"
