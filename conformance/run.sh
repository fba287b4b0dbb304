#!/usr/bin/env bash
# Runs the conformance suite against the built service. Starts three instances on free loopback ports, each
# with its own temporary data dir, runs `node --test` over test/, and stops them (also on failure). Writes
# "<passed> <failed> <skipped>" to the file named by $CONFORMANCE_COUNTS when set; exits non-zero when a test
# failed. Builds nothing: first `dotnet build CodeInterpreter.sln -c Release` (test.sh does) and `npm ci` here.
# Must run as root, like the service itself.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
dll="$repo/src/CodeInterpreter/bin/Release/net10.0/CodeInterpreter.dll"
[ -f "$dll" ] || { echo "conformance: $dll is not built" >&2; exit 1; }
[ -d "$here/node_modules" ] || { echo "conformance: run 'npm ci' in $here first" >&2; exit 1; }

work=$(mktemp -d /tmp/conformance.XXXXXX)
chmod 755 "$work" # the sandbox's job uids must be able to reach the data dirs below
run_id=$(basename "$work" | cut -d. -f2 | tr 'A-Z' 'a-z')
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rmdir /sys/fs/cgroup/*/"code-interpreter-conf-$run_id"-* 2>/dev/null || true # left only if an instance was killed hard
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'
}

key=$(node -e 'process.stdout.write(require("crypto").randomBytes(24).toString("hex"))')

# start NAME PORT UID_BASE [VAR=value...]: one instance in the background. Each gets a cgroup name and a uid
# range of its own: at startup the service kills every job cgroup under its name (crash recovery), so instances
# sharing one (another run of this suite, the service of a developer on the same host) would kill each other's
# jobs, and jobs of two instances under one uid could signal each other.
start() {
  local name=$1 port=$2 uid_base=$3
  shift 3
  mkdir -p "$work/$name"
  (
    export PORT="$port" CODE_BIND_ADDRESS=127.0.0.1 CODE_DATA_DIR="$work/$name/data" CODE_API_KEY="$key"
    export Sandbox__CgroupName="code-interpreter-conf-$run_id-$name" Sandbox__UidBase="$uid_base"
    for assignment in "$@"; do export "${assignment?}"; done
    cd "$repo"
    exec dotnet "$dll"
  ) >"$work/$name.log" 2>&1 &
  pids+=($!)
}

# wait_healthy NAME PORT PID: until GET /health is 200 (60 s at most).
wait_healthy() {
  local name=$1 port=$2 pid=$3
  for _ in $(seq 1 240); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health" || true)" = 200 ]; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.25
  done
  echo "conformance: the '$name' instance did not become healthy; /health says:" >&2
  curl -s "http://127.0.0.1:$port/health" >&2 || true
  echo >&2
  tail -n 40 "$work/$name.log" >&2 || true
  exit 1
}

main_port=$(free_port)
saturated_port=$(free_port)
limited_port=$(free_port)
uid_base=$((61000 + (RANDOM % 8) * 384)) # three ranges of 128 uids (one per CPU) between 61000 and 64071
# CONFORMANCE_STORAGE=s3: the main instance keeps its files in a fresh bucket on the test S3 store
# (scripts/s3-test-store.sh exports CODE_TEST_S3_*), so the real clients are also proven against the S3 backend.
main_env=()
if [ "${CONFORMANCE_STORAGE:-local}" = s3 ]; then
  : "${CODE_TEST_S3_ENDPOINT:?CONFORMANCE_STORAGE=s3 needs the test S3 store (scripts/s3-test-store.sh start)}"
  main_env=(CODE_STORAGE=s3 CODE_S3_ENDPOINT="$CODE_TEST_S3_ENDPOINT" CODE_S3_BUCKET="conformance-$run_id"
    CODE_S3_ACCESS_KEY="$CODE_TEST_S3_ACCESS_KEY" CODE_S3_SECRET_KEY="$CODE_TEST_S3_SECRET_KEY"
    CODE_S3_REGION="${CODE_TEST_S3_REGION:-us-east-1}")
fi
start main "$main_port" "$uid_base" "${main_env[@]}"
start saturated "$saturated_port" $((uid_base + 128)) CODE_MAX_CONCURRENCY=1 CODE_QUEUE_LIMIT=0
start limited "$limited_port" $((uid_base + 256)) CODE_AUTH_DISABLED=true CODE_ESBUILD_PATH=/nonexistent/esbuild \
  CODE_RUNTIME_SESSIONS=stateless
wait_healthy main "$main_port" "${pids[0]}"
wait_healthy saturated "$saturated_port" "${pids[1]}"
wait_healthy limited "$limited_port" "${pids[2]}"

export CONFORMANCE_URL="http://127.0.0.1:$main_port"
export CONFORMANCE_SATURATED_URL="http://127.0.0.1:$saturated_port"
export CONFORMANCE_OPEN_URL="http://127.0.0.1:$limited_port"
export CONFORMANCE_API_KEY="$key"

tap="$work/results.tap"
cd "$here"
set +e
node --test --test-concurrency=2 --test-timeout=60000 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" \
  ${CONFORMANCE_TESTS:-test/*.test.mjs}
rc=$?
set -e

count() { awk -v key="# $1" 'index($0, key " ") == 1 { n = $3 } END { print n + 0 }' "$tap"; }
passed=$(count pass)
failed=$(( $(count fail) + $(count cancelled) ))
skipped=$(count skipped)
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi # the runner itself failed (e.g. a file did not load)
echo "conformance (${CONFORMANCE_STORAGE:-local} store): $passed passed, $failed failed, $skipped skipped"
if [ -n "${CONFORMANCE_COUNTS:-}" ]; then echo "$passed $failed $skipped" >"$CONFORMANCE_COUNTS"; fi
[ "$failed" -eq 0 ]
