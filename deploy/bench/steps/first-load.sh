# shellcheck shell=bash
# (i) first load of a department-shaped table: BENCH_FIRST_LOAD_ROWS rows (default 1,000,000) of
# hukou_residents with a primary key and NO index on the change-time column, loaded by a new connector,
# timed from the connector runtime's JVM launch to the commit holding the last row; against
#   - Kafka's ProducerPerformance at the same record count and size on the same broker (acks=all), and
#   - Debezium's PostgreSQL connector on Kafka Connect standalone (snapshot.mode=initial_only, JSON values
#     without schemas), timed from the Connect JVM's launch until its topic holds every row
#     (BENCH_DEBEZIUM=0 skips it; its jars come from Maven Central through deploy/bench/debezium/pom.xml).
# Sourced by deploy/bench/run.sh when BENCH_FIRST_LOAD=1, after every other step: it stops the gateways and
# the phase-2 runtime first, so nothing else reads or writes while it measures.

fl_rows="${BENCH_FIRST_LOAD_ROWS:-1000000}"
DB_FL="datarun_bench_firstload_$$"
DBZ_DIR="$BENCH/debezium/target/debezium"
say "(i) first load: $fl_rows rows, no index on the change time; stopping the gateways and the phase-2 runtime"
stop gateway-off
stop gateway
stop connectors-large
create_db "$DB_FL"
t=$SECONDS
# the seeder holds the residents in memory; rewritten batches make PostgreSQL's inserts fast
"$JAVA" -Xmx2g -cp "$DEMO_CP" io.datarun.demo.Main seed --tables hukou_residents \
  --jdbc-url "jdbc:postgresql://$PG_HOST:$PG_PORT/$DB_FL?reWriteBatchedInserts=true" --user "$PG_USER" \
  --residents "$fl_rows" >"$RUN/logs/seed-$DB_FL.log" 2>&1 || die "seeding $DB_FL failed; see $RUN/logs/seed-$DB_FL.log"
psql_q -d "$DB_FL" -c "DROP INDEX IF EXISTS hukou_residents_gxsj" -c "VACUUM ANALYZE hukou_residents" >/dev/null
FL_ROWS=$(psql_q -d "$DB_FL" -c "SELECT count(*) FROM hukou_residents")
FL_INDEXES=$(psql_q -d "$DB_FL" -c "SELECT string_agg(indexdef, '; ') FROM pg_indexes WHERE tablename = 'hukou_residents'")
say "  seeded $FL_ROWS rows in $((SECONDS - t)) s; indexes: $FL_INDEXES"

# ---- datarun: a new connector, its first load --------------------------------------------------------
mkdir -p "$RUN/decl-first"
sed "s/^name: .*/name: bench-first-$STAMP/" connectors/declarations/ps-household-registry.yaml \
  >"$RUN/decl-first/ps-household-registry.yaml"
kafka_env datarun-connectors
FL_T0=$(now_ms)
FL_CPU_KAFKA0=$(cpu_ms "${PID[kafka]}")
start connectors-first env ${KAFKA_ENV[@]+"${KAFKA_ENV[@]}"} PS_DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$DB_FL" \
  PS_DB_USER="$PG_USER" PS_DB_PASSWORD= "$JAVA" @"$JVM_DIR/connectors.args" ${CONNECTORS_OPTS[@]+"${CONNECTORS_OPTS[@]}"} \
  -Dquarkus.profile=demo -Dkafka.bootstrap.servers="127.0.0.1:$KAFKA_PORT" -Ddatarun.connectors.dir="$RUN/decl-first" \
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$CONNECTORS_PORT" -jar "$CONNECTORS_JAR"
# peak RSS while it loads (VmHWM at the end)
wait_for "first load ($FL_ROWS rows seen)" 1800 connectors-first rows_seen_reached "bench-first-$STAMP" "$FL_ROWS"
FL_HWM=$(awk '/^VmHWM:/ {print $2}' "/proc/${PID[connectors-first]}/status")
# CPU per row, steadier than a rate on shared cores: the runtime's whole life (its boot included) and the broker's
FL_CPU_MS=$(cpu_ms "${PID[connectors-first]}")
FL_CPU_KAFKA=$(($(cpu_ms "${PID[kafka]}") - FL_CPU_KAFKA0))
offsets_of "bench-first-$STAMP" >"$RUN/offsets-first.jsonl"
fl_last=$(tail -n 1 "$RUN/offsets-first.jsonl")
FL_TX=$(wc -l <"$RUN/offsets-first.jsonl")
FL_T_LAST=$(date -d "$(json_str committedAt <<<"$fl_last")" +%s%3N)
FL_ACCEPTED=$(json_num accepted <<<"$fl_last")
FL_DLQ=$(json_num deadLettered <<<"$fl_last")
fl_started=$(grep -m 1 'started: resuming' "$RUN/logs/connectors-first.log" | cut -c1-23 | tr , .)
FL_T_STARTED=$(date -d "$fl_started" +%s%3N)
FL_RATE=$(awk -v n="$FL_ROWS" -v ms=$((FL_T_LAST - FL_T0)) 'BEGIN {printf "%.0f", n * 1000 / ms}')
FL_RATE_STARTED=$(awk -v n="$FL_ROWS" -v ms=$((FL_T_LAST - FL_T_STARTED)) 'BEGIN {printf "%.0f", n * 1000 / ms}')
stop connectors-first
say "  datarun: $FL_ROWS rows in $((FL_T_LAST - FL_T0)) ms from JVM launch ($FL_RATE rows/s), $FL_TX transactions"

# ---- Kafka's own producer, same count and record size ----------------------------------------------------
if [[ -z ${AVG_VALUE:-} ]]; then # run alone (only.sh): the average value size of the records just loaded
  AVG_VALUE=$(kcat_c -t "$TOPIC" -f '%S\n' 2>/dev/null | awk '{v += $1; n++} END {printf "%.0f", v / n}')
  "$JAVA" -cp "$TOOLS_CP" org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" \
    --command-config "$ADMIN_PROPS" --create --if-not-exists --topic bench.producer-performance --partitions 3 \
    --replication-factor 1 >"$RUN/logs/topic-create.log" 2>&1 || die "could not create the perf topic; see $RUN/logs/topic-create.log"
fi
FL_PERF=$(timeout 600 "$JAVA" -Xmx512m -cp "$TOOLS_CP" org.apache.kafka.tools.ProducerPerformance \
    --topic bench.producer-performance --num-records "$FL_ROWS" --record-size "$AVG_VALUE" --throughput -1 \
    --producer.config "$ADMIN_PROPS" --producer-props bootstrap.servers="127.0.0.1:$KAFKA_PORT" acks=all \
    2>&1 | tee "$RUN/logs/perf-first-load.log" | grep 'records sent' | tail -n 1 | sed -E 's/.*sent, ([0-9.]+) records\/sec.*/\1/')
[[ -n $FL_PERF ]] || die "ProducerPerformance failed; see $RUN/logs/perf-first-load.log"

# ---- Debezium on Kafka Connect standalone -----------------------------------------------------------------
DBZ_RATE=
DBZ_NOTE="not run (BENCH_DEBEZIUM=0)"
if [[ ${BENCH_DEBEZIUM:-1} == 1 ]]; then
  if ! compgen -G "$DBZ_DIR/debezium-connector-postgres-*.jar" >/dev/null; then
    say "  fetching Kafka Connect and Debezium into $DBZ_DIR"
    ./mvnw -B -q -ntp -f "$BENCH/debezium/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
      -DoutputDirectory=target/debezium >"$RUN/logs/debezium-fetch.log" 2>&1 || die "fetching Debezium failed; see $RUN/logs/debezium-fetch.log"
  fi
  # shellcheck source=deploy/bench/steps/debezium.sh
  source "$BENCH/steps/debezium.sh"
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'; }
per_row() { awk -v ms="$1" -v n="$FL_ROWS" 'BEGIN {printf "%.1f", ms * 1000 / n}'; } # CPU ms -> µs per row
{
  echo
  echo "(i) first load, PostgreSQL -> Kafka, $FL_ROWS rows of hukou_residents, no index on the change time ($FL_INDEXES)"
  printf '    datarun connector        %9s rows/s from JVM launch (%d ms; %s rows/s from its start), %d transactions, %s accepted + %s dead-lettered, peak RSS %s MB\n' \
    "$FL_RATE" $((FL_T_LAST - FL_T0)) "$FL_RATE_STARTED" "$FL_TX" "$FL_ACCEPTED" "$FL_DLQ" "$(mb "$FL_HWM")"
  printf '      CPU per row: runtime %s µs (%d ms in all, its boot included), broker %s µs\n' \
    "$(per_row "$FL_CPU_MS")" "$FL_CPU_MS" "$(per_row "$FL_CPU_KAFKA")"
  if [[ -n $DBZ_RATE ]]; then
    printf '    Debezium %s on Connect %s  %9s rows/s from JVM launch (%d ms), peak RSS %s MB, CPU per row %s µs\n' "$DBZ_VERSION" "$CONNECT_VERSION" \
      "$DBZ_RATE" "$DBZ_MS" "$(mb "$DBZ_HWM")" "$(per_row "$DBZ_CPU_MS")"
    echo "    ratio datarun/Debezium = $(ratio "$FL_RATE" "$DBZ_RATE")  (target >= 2)"
  else
    echo "    Debezium: $DBZ_NOTE"
    echo "    ratio datarun/Debezium(issue 13's 22,826 rows/s, another run) = $(ratio "$FL_RATE" 22826)  (target >= 2)"
  fi
  printf '    ProducerPerformance      %9.0f rec/s (%d x %d-byte values, acks=all)\n' "$FL_PERF" "$FL_ROWS" "$AVG_VALUE"
  echo "    ratio datarun/producer = $(ratio "$FL_RATE" "$FL_PERF")  (stretch >= 0.5)"
} | tee -a "$RESULTS"
