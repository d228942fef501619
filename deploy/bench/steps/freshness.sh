# shellcheck shell=bash
# (h) freshness: a source commit -> the changed record answered by the gateway's API.
# Sourced by deploy/bench/run.sh once its broker and gateway run (it uses run.sh's helpers and variables).
#
# A connector polling every BENCH_FRESHNESS_POLL (default 1s) over its own small PostgreSQL table;
# BENCH_FRESHNESS_SAMPLES times (default 30), at a random moment of the poll cycle: one UPDATE commits a
# new name (and gxsj = now) for one resident, then the record is read through the API every 20 ms until
# it carries that name. Freshness = time from the UPDATE's commit (psql returned) to the first answer
# with it. Prints p50, p95 and max. The connector's transaction, the gateway's read_committed ingest
# and its store are all on the path; so is the poll wait (uniform in 0..poll interval).

fresh_samples="${BENCH_FRESHNESS_SAMPLES:-30}"
fresh_poll="${BENCH_FRESHNESS_POLL:-1s}"
fresh_residents=50
DB_FRESH="datarun_bench_fresh_$$"
say "(h) freshness: source commit -> visible in the API, ${fresh_samples} samples, connector polling every $fresh_poll"
create_db "$DB_FRESH"
seed "$DB_FRESH" "$fresh_residents" >/dev/null
mkdir -p "$RUN/decl-fresh"
sed -e "s/^name: .*/name: bench-fresh-$STAMP/" -e "s/^\( *pollInterval:\).*/\1 $fresh_poll/" \
  connectors/declarations/ps-household-registry.yaml >"$RUN/decl-fresh/ps-household-registry.yaml"
grep -q "pollInterval: $fresh_poll\$" "$RUN/decl-fresh/ps-household-registry.yaml" || die "could not set the poll interval"
kafka_env datarun-connectors
# its own port: the phase-2 runtime may still run on $CONNECTORS_PORT
start connectors-fresh env ${KAFKA_ENV[@]+"${KAFKA_ENV[@]}"} PS_DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$DB_FRESH" \
  PS_DB_USER="$PG_USER" PS_DB_PASSWORD= "$JAVA" @"$JVM_DIR/connectors.args" -Dquarkus.profile=demo \
  -Dkafka.bootstrap.servers="127.0.0.1:$KAFKA_PORT" -Ddatarun.connectors.dir="$RUN/decl-fresh" \
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=0 -jar "$CONNECTORS_JAR"
wait_for "fresh table loaded" 180 connectors-fresh rows_seen_reached "bench-fresh-$STAMP" "$fresh_residents"

# the valid residents of that table: the generator's first ones (one in 200 is deliberately bad)
"$JAVA" -cp "$DEMO_CP" io.datarun.demo.Main residents --count $((fresh_residents * 99 / 100)) | cut -f1 >"$RUN/ids-fresh.txt"
mapfile -t fresh_ids <"$RUN/ids-fresh.txt"
record_name() { # resident -> the name the API answers (empty when none)
  curl -s -H "Authorization: Bearer $TOKEN" "$GW/api/v1/datasets/$DATASET/records/$1?purpose=$PURPOSE" \
    | grep -o '"name":"[^"]*"' | head -n 1 | cut -d'"' -f4
}
fresh_served() { [[ -n $(record_name "${fresh_ids[0]}") ]]; }
wait_for "gateway serving the fresh table" 300 gateway fresh_served

: >"$RUN/freshness-ms.txt"
for ((i = 1; i <= fresh_samples; i++)); do
  id=${fresh_ids[$((RANDOM % ${#fresh_ids[@]}))]}
  name="F$STAMP-$i"
  # a random moment of the poll cycle
  sleep "0.$(printf '%03d' $((RANDOM % 1000)))"
  psql_q -d "$DB_FRESH" -c "UPDATE hukou_residents SET xm = '$name', gxsj = (clock_timestamp() AT TIME ZONE 'Asia/Shanghai') WHERE sfzh = '$id'" >/dev/null
  t_commit=$(now_ms)
  deadline=$((t_commit + 30000))
  until [[ "$(record_name "$id")" == "$name" ]]; do
    (($(now_ms) < deadline)) || die "sample $i: $id not visible with its new name within 30 s"
    sleep 0.02
  done
  echo $(($(now_ms) - t_commit)) >>"$RUN/freshness-ms.txt"
done
read -r FRESH_P50 FRESH_P95 FRESH_MAX < <(sort -n "$RUN/freshness-ms.txt" | awk '{v[NR] = $1} END {
  p50 = v[int((NR + 1) * 0.50)]; i95 = int(NR * 0.95 + 0.999); if (i95 > NR) i95 = NR; printf "%d %d %d\n", p50, v[i95], v[NR]}')
stop connectors-fresh
{
  echo
  echo "(h) freshness, source commit -> visible in GET .../records/{id} (connector pollInterval $fresh_poll, $fresh_samples samples at random moments)"
  echo "    p50 ${FRESH_P50} ms   p95 ${FRESH_P95} ms   max ${FRESH_MAX} ms   (goal: p95 <= 2000 ms)"
} | tee -a "$RESULTS"
