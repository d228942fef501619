#!/usr/bin/env bash
# Browser test of the clerk web UI (/ui/) in headless Chromium (Debian's /usr/bin/chromium, driven by
# playwright-core). Starts its own demo in its own data folder on its own ports, mints DEV-ONLY tokens,
# runs test.mjs with node's built-in test runner, and stops the demo on exit.
#   deploy/ui-test/run.sh
#   UI_TEST_SCREENSHOT=docs/img/prefilled-form.png deploy/ui-test/run.sh   # refresh the README screenshot
#   UI_TEST_OIDC=1 deploy/ui-test/run.sh   # also sign in through a real Keycloak (oidc.mjs; about 2 min more)
# Needs: chromium (apt-get install -y chromium fonts-noto-cjk), Node.js 18+ with npm, a JDK 17; for
# UI_TEST_OIDC a JDK 21+ for Keycloak (KEYCLOAK_JAVA_HOME, default /usr/lib/jvm/temurin-25-jdk-amd64).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PORT_BASE=${UI_TEST_PORT_BASE:-28080}
export DATARUN_DATA="${UI_TEST_DATA:-$HERE/target/data}"
export DATARUN_GATEWAY_PORT=$PORT_BASE
export DATARUN_CONNECTORS_HTTP_PORT=$((PORT_BASE + 1))
export DATARUN_HRSS_PORT=$((PORT_BASE + 2))
export DATARUN_MQTT_PORT=${UI_TEST_MQTT_PORT:-$((PORT_BASE + 3))}
# each port can be set on its own (UI_TEST_KAFKA_PORT, ...) when the defaults collide with something else
export DATARUN_KAFKA_PORT=${UI_TEST_KAFKA_PORT:-$((PORT_BASE + 1012))}
export DATARUN_KAFKA_CONTROLLER_PORT=${UI_TEST_KAFKA_CONTROLLER_PORT:-$((PORT_BASE + 1013))}
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
SCREENSHOT="${UI_TEST_SCREENSHOT:-$HERE/target/prefilled-form.png}"
[[ "$SCREENSHOT" = /* ]] || SCREENSHOT="$ROOT/$SCREENSHOT"
LOG="$HERE/target/demo.log"
OIDC=${UI_TEST_OIDC:-0}
KEYCLOAK_PORT=${UI_TEST_KEYCLOAK_PORT:-$((PORT_BASE + 100))}
OIDC_GATEWAY_PORT=$((PORT_BASE + 10))
KEYCLOAK_URL="http://127.0.0.1:$KEYCLOAK_PORT"
KEYCLOAK_JAVA_HOME=${KEYCLOAK_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
KC_HOME="$ROOT/deploy/oidc-it/target/keycloak/keycloak-26.5.6"

say() { printf 'ui-test: %s\n' "$*" >&2; }
[[ -x "$CHROMIUM" ]] || { say "no $CHROMIUM: apt-get install -y chromium fonts-noto-cjk"; exit 2; }
command -v node >/dev/null || { say "Node.js is needed"; exit 2; }
[[ -d "$HERE/node_modules/playwright-core" ]] || (cd "$HERE" && npm ci --no-audit --no-fund)

rm -rf "$DATARUN_DATA"
mkdir -p "$HERE/target"
cd "$ROOT"
PIDS_TO_STOP=()

start_keycloak() {
  # the distribution the OIDC integration test unpacks (org.keycloak:keycloak-quarkus-dist from Maven Central)
  [[ -x "$KC_HOME/bin/kc.sh" ]] || (cd deploy/oidc-it && ../../mvnw -B -q -ntp dependency:unpack@unpack-keycloak)
  [[ -x "$KEYCLOAK_JAVA_HOME/bin/java" ]] || { say "Keycloak needs a JDK 21+: set KEYCLOAK_JAVA_HOME"; exit 2; }
  mkdir -p "$KC_HOME/data/import"
  rm -f "$KC_HOME"/data/import/*.json
  # the realm as shipped, with this test's gateway added to the UI client's redirect URIs and 40 s tokens
  node -e '
    const fs = require("fs"); const [src, dst, uri] = process.argv.slice(1);
    const realm = JSON.parse(fs.readFileSync(src, "utf8"));
    realm.clients.find((c) => c.clientId === "datarun-ui").redirectUris.push(uri);
    realm.accessTokenLifespan = 40; // short, so oidc.mjs sees the page renew it
    fs.writeFileSync(dst, JSON.stringify(realm));' \
    deploy/keycloak/datarun-realm.json "$KC_HOME/data/import/datarun-realm.json" "http://127.0.0.1:$OIDC_GATEWAY_PORT/ui/*"
  say "starting Keycloak on $KEYCLOAK_URL; log $HERE/target/keycloak.log"
  JAVA_HOME="$KEYCLOAK_JAVA_HOME" JAVA_OPTS_APPEND=-XX:TieredStopAtLevel=1 \
    KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD="test-only-$KEYCLOAK_PORT" \
    setsid "$KC_HOME/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$KEYCLOAK_PORT" \
    --http-management-port=$((KEYCLOAK_PORT + 1)) --db=dev-mem --import-realm >"$HERE/target/keycloak.log" 2>&1 &
  PIDS_TO_STOP+=($!)
}

# a second gateway on the demo's Kafka that verifies Keycloak's tokens and offers the UI's OIDC sign-in; its
# own streams application, state and audit chain (advertised address), so it does not disturb the demo's
start_oidc_gateway() {
  say "starting a gateway for Keycloak tokens on :$OIDC_GATEWAY_PORT; log $HERE/target/gateway-oidc.log"
  # the demo's Kafka requires SASL: log in as the gateway's principal, as the demo's own gateway does
  local kafka_env=() line key
  while IFS= read -r line; do
    [[ $line == \#* || $line != *=* ]] && continue
    key=${line%%=*}; key=${key//./_}
    kafka_env+=("KAFKA_${key^^}=${line#*=}")
  done <"$DATARUN_DATA/kafka/credentials/datarun-gateway.properties"
  setsid env "${kafka_env[@]}" java -Xms32m -Xmx256m -Dquarkus.profile=demo -Ddatarun.gateway.partitions=1 \
    -Ddatarun.gateway.application-id=datarun-gateway-ui-oidc \
    -Ddatarun.gateway.advertised-address="127.0.0.1:$((OIDC_GATEWAY_PORT + 1))" -Ddatarun.gateway.internal-host=127.0.0.1 \
    -Ddatarun.gateway.replica-secret=ui-test-only \
    -Ddatarun.gateway.state-dir="$DATARUN_DATA/gateway-oidc/state" -Ddatarun.gateway.grants-file=deploy/config/grants.yaml \
    -Dmp.jwt.verify.publickey.location="$KEYCLOAK_URL/realms/datarun/protocol/openid-connect/certs" \
    -Dmp.jwt.verify.issuer="$KEYCLOAK_URL/realms/datarun" -Ddatarun.gateway.ui.oidc-client-id=datarun-ui \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$OIDC_GATEWAY_PORT" \
    -jar gateway/target/quarkus-app/quarkus-run.jar >"$HERE/target/gateway-oidc.log" 2>&1 &
  PIDS_TO_STOP+=($!)
}

[[ "$OIDC" == 1 ]] && start_keycloak
say "starting the demo (data $DATARUN_DATA, gateway :$DATARUN_GATEWAY_PORT, Kafka :$DATARUN_KAFKA_PORT); log $LOG"
setsid ./datarun demo >"$LOG" 2>&1 &
DEMO=$!
stop_demo() {
  local pid
  for pid in "${PIDS_TO_STOP[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  # TERM: a background job of a script ignores INT; the launcher traps TERM and stops its processes
  kill -TERM "$DEMO" 2>/dev/null || return 0
  for _ in $(seq 180); do kill -0 "$DEMO" 2>/dev/null || return 0; sleep 0.5; done
  kill -TERM -- "-$DEMO" 2>/dev/null || true
}
trap stop_demo EXIT

for i in $(seq 600); do
  grep -qs '^datarun is up' "$LOG" && break
  kill -0 "$DEMO" 2>/dev/null || { say "the demo exited"; tail -20 "$LOG" >&2; exit 1; }
  [[ $i -lt 600 ]] || { say "the demo did not come up in 600 s"; tail -20 "$LOG" >&2; exit 1; }
  sleep 1
done
RESIDENT=$(sed -n 's/^  a resident *\([0-9X]\{18\}\).*/\1/p' "$LOG" | head -n 1)
export RESIDENT="${RESIDENT:-110101195803215030}"
CLERK_TOKEN=$(./datarun token --dept civil-affairs --groups clerk)
ADMIN_TOKEN=$(./datarun token --dept data-administration --groups admin)
PS_PUBLISHER_TOKEN=$(./datarun token --dept public-security --groups publisher)
CA_PUBLISHER_TOKEN=$(./datarun token --dept civil-affairs --groups publisher)
CA_STEWARD_TOKEN=$(./datarun token --dept civil-affairs --groups steward)
PS_STEWARD_TOKEN=$(./datarun token --dept public-security --groups steward)
RESIDENT_TOKEN=$(./datarun token --resident "$RESIDENT")
FAR_CLERK_TOKEN=$(./datarun token --dept civil-affairs --groups clerk --divisions 110108)
# the demo's residents in seeding order, household by household: the first is $RESIDENT; the next three walk
# every form; the fifth is of the same household, so listing the household reads their record too (it is in
# their trail); the sixth is of another household, a neighbour nobody reads
mapfile -t DEMO_RESIDENTS < <(java -cp "deploy/demo/target/classes:deploy/demo/target/lib/*" io.datarun.demo.Main residents --count 6 | cut -f1)
WALK_RESIDENTS=$(IFS=,; echo "${DEMO_RESIDENTS[*]:1:3}")
MEMBER_TOKEN=$(./datarun token --resident "${DEMO_RESIDENTS[4]}")
NEIGHBOUR_TOKEN=$(./datarun token --resident "${DEMO_RESIDENTS[5]}")
export MEMBER_TOKEN FAR_CLERK_TOKEN CLERK_TOKEN ADMIN_TOKEN PS_PUBLISHER_TOKEN CA_PUBLISHER_TOKEN CA_STEWARD_TOKEN PS_STEWARD_TOKEN RESIDENT_TOKEN NEIGHBOUR_TOKEN WALK_RESIDENTS SCREENSHOT BASE_URL="http://127.0.0.1:$DATARUN_GATEWAY_PORT"

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
if [[ "$OIDC" == 1 ]]; then
  for i in $(seq 300); do
    curl -sf -o /dev/null "$KEYCLOAK_URL/realms/datarun/.well-known/openid-configuration" && break
    [[ $i -lt 300 ]] || { say "Keycloak did not come up in 300 s"; tail -20 "$HERE/target/keycloak.log" >&2; exit 1; }
    sleep 1
  done
  start_oidc_gateway
fi
status=0
(cd "$HERE" && node --test test.mjs) || status=$?
if [[ "$OIDC" == 1 ]]; then
  for i in $(seq 240); do
    curl -sf -o /dev/null "http://127.0.0.1:$OIDC_GATEWAY_PORT/q/health/ready" && break
    [[ $i -lt 240 ]] || { say "the OIDC gateway did not come up"; tail -20 "$HERE/target/gateway-oidc.log" >&2; exit 1; }
    sleep 1
  done
  export OIDC_BASE_URL="http://127.0.0.1:$OIDC_GATEWAY_PORT" KEYCLOAK_URL
  (cd "$HERE" && node --test oidc.mjs) || status=$?
fi
exit $status
