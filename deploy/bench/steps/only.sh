# shellcheck shell=bash
# BENCH_ONLY_STEPS=1: run.sh's broker, then only steps (h) and (i): a gateway as in phase 1, the record
# size for ProducerPerformance taken from the first load's own topic. Sourced by run.sh.
RESULTS="$RUN/results.txt"
TOOLS_CP="$TOOLS/*"
{
  echo "datarun benchmark, steps (h) and (i) only  $(date -u +%Y-%m-%dT%H:%M:%SZ)  HEAD $(git rev-parse --short HEAD 2>/dev/null || echo '?') (jars built: $BUILT)"
  echo "broker: LocalKafkaMain, $KAFKA_SECURITY"
  echo "machine: $(nproc) cores, $(free -m | awk '/^Mem:/ {print $2}') MB RAM; load avg at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$RESULTS"
if [[ ${BENCH_FRESHNESS:-1} == 1 ]]; then # BENCH_FRESHNESS=0: (i) alone
  kafka_env datarun-gateway
  start gateway env ${KAFKA_ENV[@]+"${KAFKA_ENV[@]}"} "$JAVA" @"$JVM_DIR/gateway.args" -Dquarkus.profile=demo ${GATEWAY_OPTS[@]+"${GATEWAY_OPTS[@]}"} \
    -Ddatarun.gateway.bootstrap-servers="127.0.0.1:$KAFKA_PORT" -Ddatarun.gateway.state-dir="$RUN/gateway/state" \
    -Ddatarun.gateway.grants-file="$ROOT/deploy/config/grants.yaml" -Ddatarun.gateway.forms-dir="$ROOT/deploy/config/forms" \
    -Ddatarun.gateway.rate-limit-per-second=1000000 -Ddatarun.gateway.rate-limit-burst=1000000 \
    -Ddatarun.gateway.read-quota-per-day=1000000000 -Dmp.jwt.verify.publickey.location="$RUN/dev-keys/publicKey.pem" \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$GATEWAY_PORT" -jar "$GATEWAY_JAR"
  wait_for "gateway ready" 600 gateway http_ok "$GW/q/health/ready"
  # shellcheck source=deploy/bench/steps/freshness.sh
  source "$BENCH/steps/freshness.sh"
fi
if [[ ${BENCH_FIRST_LOAD:-0} == 1 ]]; then
  AVG_VALUE=  # taken from the first load's topic once it is there (first-load.sh)
  # shellcheck source=deploy/bench/steps/first-load.sh
  source "$BENCH/steps/first-load.sh"
fi
say "results in $RESULTS, logs in $RUN/logs"
