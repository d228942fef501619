#!/usr/bin/env bash
# Checks datarun's systemd units as a VM would load them:
#   1. systemd-analyze verify, against a throw-away root in which every path the units name exists
#      (the layout of deploy/systemd/README.md, with a stub java): an unknown key, a bad value, a
#      missing ExecStart binary or a missing dependency fails the check, warnings included;
#   2. systemd-analyze security --offline: the hardening must keep the exposure at or below 2.0.
# Usage: deploy/systemd/verify.sh [folder with the .service files]   (default: next to this script)
# Exit 0 passed, 1 failed, 77 skipped (no systemd-analyze here).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
units_dir=$(cd "${1:-$here}" && pwd)
units=(datarun-gateway.service datarun-connectors.service)
max_exposure=20   # systemd-analyze's scale is 0-100 for exposure 0.0-10.0

if ! command -v systemd-analyze >/dev/null 2>&1; then
  echo "SKIPPED: systemd-analyze not found; the units were NOT verified" >&2
  exit 77
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

# the layout the units expect on a VM
mkdir -p "$root/etc/systemd/system" "$root/usr/lib/systemd/system" "$root/usr/bin" \
  "$root/opt/datarun/gateway/quarkus-app" "$root/opt/datarun/connectors/quarkus-app" \
  "$root/etc/datarun/tls" "$root/etc/datarun/connectors" "$root/etc/datarun/forms" "$root/var/lib/datarun"
printf '#!/bin/sh\nexit 0\n' > "$root/usr/bin/java"
chmod 755 "$root/usr/bin/java"
touch "$root/opt/datarun/gateway/quarkus-app/quarkus-run.jar" "$root/opt/datarun/connectors/quarkus-app/quarkus-run.jar"
for env in "$here"/etc/datarun/*.env; do cp "$env" "$root/etc/datarun/"; done
for example in "$here"/etc/datarun/*.env.example; do cp "$example" "$root/etc/datarun/$(basename "$example" .example)"; done
touch "$root/etc/datarun/kafka-truststore.p12" "$root/etc/datarun/tls/gateway.crt" "$root/etc/datarun/tls/gateway.key"
# the targets the units are ordered against; a stub is enough to resolve the dependency
for target in sysinit.target basic.target shutdown.target network-online.target multi-user.target; do
  printf '[Unit]\nDescription=%s\n' "$target" > "$root/usr/lib/systemd/system/$target"
done
for unit in "${units[@]}"; do
  cp "$units_dir/$unit" "$root/etc/systemd/system/$unit"
done

failed=0
# every file a unit reads must exist in the layout above (verify does not check EnvironmentFile=)
for unit in "${units[@]}"; do
  while IFS= read -r path; do
    if [ ! -e "$root$path" ]; then
      echo "$unit: $path is not part of the documented layout" >&2
      failed=1
    fi
  done < <(sed -n -e 's/^EnvironmentFile=-\{0,1\}//p' -e 's/^LoadCredential=[^:]*://p' "$units_dir/$unit")
done

# verify prints warnings (unknown key, invalid value) yet exits 0: any output is a failure
out=$(cd "$root" && systemd-analyze verify --man=no --generators=no --root="$root" "${units[@]}" 2>&1) || failed=1
if [ -n "$out" ]; then
  echo "$out" >&2
  failed=1
fi

for unit in "${units[@]}"; do
  if ! report=$(systemd-analyze security --offline=yes --root="$root" --threshold=$max_exposure "$unit" 2>&1); then
    echo "$report" | grep -E '✗|Overall' >&2 || echo "$report" >&2
    echo "$unit: exposure above $(awk "BEGIN{print $max_exposure/10}")" >&2
    failed=1
  else
    echo "$report" | tail -1
  fi
done

if [ "$failed" -ne 0 ]; then
  echo "FAILED: systemd units in $units_dir" >&2
  exit 1
fi
echo "OK: ${units[*]} pass systemd-analyze verify and security"
