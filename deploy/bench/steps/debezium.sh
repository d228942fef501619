# shellcheck shell=bash
# The baseline of (i): Debezium's PostgreSQL connector snapshots the same table on Kafka Connect
# standalone, against the same secured broker (as the operator principal). Sourced by first-load.sh.
# Sets DBZ_RATE, DBZ_MS, DBZ_HWM, DBZ_CPU_MS, DBZ_VERSION, CONNECT_VERSION; or leaves DBZ_RATE empty with DBZ_NOTE
# saying why it did not run.

DBZ_VERSION=$(basename "$(compgen -G "$DBZ_DIR/debezium-connector-postgres-*.jar" | head -n 1)" .jar | sed 's/.*postgres-//')
CONNECT_VERSION=$(basename "$(compgen -G "$DBZ_DIR/connect-runtime-*.jar" | head -n 1)" .jar | sed 's/.*runtime-//')
dbz_topic="benchdbz.public.hukou_residents"
mkdir -p "$RUN/debezium"
{
  # the operator's login for the worker and every client it makes (the producer and the topic admin)
  for prefix in "" producer. admin. consumer.; do
    grep -E '^(security\.protocol|sasl\.[a-z.]+)=' "$ADMIN_PROPS" | sed "s/^/$prefix/" || true
  done
  cat <<PROPS
bootstrap.servers=127.0.0.1:$KAFKA_PORT
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
key.converter.schemas.enable=false
value.converter.schemas.enable=false
offset.storage.file.filename=$RUN/debezium/offsets
offset.flush.interval.ms=1000
listeners=http://127.0.0.1:0
PROPS
} >"$RUN/debezium/worker.properties"
cat >"$RUN/debezium/postgres.properties" <<PROPS
name=bench-debezium
connector.class=io.debezium.connector.postgresql.PostgresConnector
tasks.max=1
database.hostname=$PG_HOST
database.port=$PG_PORT
database.user=$PG_USER
database.password=
database.dbname=$DB_FL
topic.prefix=benchdbz
table.include.list=public.hukou_residents
plugin.name=pgoutput
slot.name=bench_dbz_$$
snapshot.mode=initial_only
topic.creation.default.partitions=3
topic.creation.default.replication.factor=1
PROPS
dbz_rows() { # records in Debezium's topic (sum of the partitions' end offsets)
  local login=(-b "127.0.0.1:$KAFKA_PORT")
  [[ -z $KCAT_CONF ]] || login=(-F "$KCAT_CONF")
  kcat "${login[@]}" -Q -t "$dbz_topic:0:-1" -t "$dbz_topic:1:-1" -t "$dbz_topic:2:-1" 2>/dev/null \
    | awk '{for (i = 1; i <= NF; i++) if ($i == "offset") s += $(i + 1)} END {print s + 0}'
}
dbz_done() { [[ $(dbz_rows) -ge $FL_ROWS ]]; }
dbz_failed() { grep -qE 'ERROR .*(Task threw|Failed to start|failed)' "$RUN/logs/debezium.log"; }
say "  Debezium $DBZ_VERSION on Kafka Connect $CONNECT_VERSION standalone (-Xmx2g, as connect-standalone.sh): snapshot of $FL_ROWS rows"
DBZ_T0=$(now_ms)
start debezium "$JAVA" -Xms256m -Xmx2g -cp "$DBZ_DIR/*" -Dlog4j.configuration="file:$BENCH/debezium/log4j.properties" \
  org.apache.kafka.connect.cli.ConnectStandalone "$RUN/debezium/worker.properties" "$RUN/debezium/postgres.properties"
deadline=$((SECONDS + 1800))
until dbz_done; do
  if dbz_failed || ! kill -0 "${PID[debezium]}" 2>/dev/null || ((SECONDS > deadline)); then
    DBZ_NOTE="did not finish: $(grep -m 1 -E 'ERROR|Exception' "$RUN/logs/debezium.log" | cut -c1-300) (log: $RUN/logs/debezium.log)"
    break
  fi
  sleep 0.5
done
if dbz_done; then
  DBZ_MS=$(($(now_ms) - DBZ_T0))
  DBZ_HWM=$(awk '/^VmHWM:/ {print $2}' "/proc/${PID[debezium]}/status")
  DBZ_CPU_MS=$(cpu_ms "${PID[debezium]}")
  DBZ_RATE=$(awk -v n="$FL_ROWS" -v ms="$DBZ_MS" 'BEGIN {printf "%.0f", n * 1000 / ms}')
  say "  Debezium: $FL_ROWS rows in $DBZ_MS ms from JVM launch ($DBZ_RATE rows/s)"
fi
stop debezium
psql_q -d "$DB_FL" -c "SELECT pg_drop_replication_slot('bench_dbz_$$') WHERE EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = 'bench_dbz_$$')" >/dev/null 2>&1 || true
