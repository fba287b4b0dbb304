#!/usr/bin/env bash
# Quick start, step 2: installs what is missing, builds, and runs every test (unit and integration,
# the integration tests against the real sandbox). Prints one closing line: "tests: N passed, N failed, N skipped".
# With CI=true, sandbox tests are never skipped: a machine that cannot run them fails.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
dotnet build CodeInterpreter.sln -c Release --nologo -v quiet -clp:ErrorsOnly

# --- nginx for the load-balancer test (Debian's nginx-light; never started as a service) ---
if [ ! -x /usr/sbin/nginx ] && [ "$(id -u)" = 0 ]; then
  # Without an init system the package's postinst would start nginx on port 80: policy-rc.d forbids that.
  blocker=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    blocker=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' >"$blocker" && chmod 755 "$blocker"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nginx-light >/dev/null \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nginx-light >/dev/null; } \
    || echo "WARNING: could not install nginx-light; the nginx test will fail" >&2
  if [ -n "$blocker" ]; then rm -f "$blocker"; fi
fi
# --- end of nginx ---

# --- S3 test store (a real Swift with its S3 API on loopback; without it the S3 tests skip) ---
trap 'scripts/s3-test-store.sh stop || true; rm -rf "$results"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
if s3_settings=$(scripts/s3-test-store.sh start); then
  eval "$s3_settings"  # exports CODE_TEST_S3_ENDPOINT, _ACCESS_KEY, _SECRET_KEY, _REGION
elif [ "${CI:-}" = "true" ]; then
  echo "CI=true but the S3 test store did not start (see above): the S3 tests must run in CI" >&2
  exit 1
else
  echo "WARNING: the S3 test store did not start (see above); the S3 tests will be skipped" >&2
fi
# --- end of the S3 test store ---

status=0
for project in tests/CodeInterpreter.Tests tests/CodeInterpreter.IntegrationTests; do
  name=$(basename "$project")
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$results/$name.trx" --logger "console;verbosity=normal" "$@" || status=1
done

# --- conformance suite (LibreChat's real client) ---
(cd conformance && npm ci --no-audit --no-fund --silent)
CONFORMANCE_COUNTS="$results/conformance.counts" conformance/run.sh || status=1
# Again with the main instance on the S3 store: the real clients against the multi-node backend.
if [ -n "${CODE_TEST_S3_ENDPOINT:-}" ]; then
  CONFORMANCE_STORAGE=s3 CONFORMANCE_COUNTS="$results/conformance-s3.counts" conformance/run.sh || status=1
fi
# --- end of the conformance suite ---

# One summary line over every test assembly, from the TRX counters.
summary=$(/usr/bin/python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(path).find(".//t:Counters", ns)
    passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    skipped += int(c.get("notExecuted", 0))
for path in glob.glob(sys.argv[1] + "/*.counts"):  # "<passed> <failed> <skipped>", e.g. from conformance/run.sh
    p, f, s = (int(n) for n in open(path).read().split())
    passed += p; failed += f; skipped += s
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
PY
)
if [ "${CI:-}" = "true" ] && ! grep -q ", 0 skipped" <<<"$summary"; then
  echo "CI=true but some tests were skipped: the sandbox tests must run in CI" >&2
  status=1
fi
echo "$summary"
exit $status
