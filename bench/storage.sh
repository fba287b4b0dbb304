#!/usr/bin/env bash
# The storage benchmark: the local disk store beside the S3 store (a real OpenStack Swift with its S3 API on
# loopback), one Release service on each, measured in one run. As root. Starts and stops everything itself.
# Usage: bench/storage.sh [--iterations N(≥20)] [--large-iterations N(≥10)] [--warmup N] [--tag T]
#                         [--env VAR=value] (both services) [--keep-logs]
# Writes bench/results/storage-<date>[-tag].md and .json and prints the table.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

[ "$(id -u)" -eq 0 ] || { echo "storage.sh: run as root (the service mounts tmpfs and switches uids)" >&2; exit 1; }

# This Swift's state directory and S3 port, kept apart from the test suite's store (18480/18580).
s3_dir=/tmp/ci-s3-bench
s3_port=18680
# Sandbox uid ranges of the two services, clear of the test suite's (60000-66999).
uid_local=${BENCH_UID_LOCAL:-67000}
uid_s3=${BENCH_UID_S3:-67100}

bench_args=()
service_env=(CODE_WARM_POOL_SIZE=0)  # every exec cold: no background refills competing for the 2 cores
keep_logs=false
while [ $# -gt 0 ]; do
  case "$1" in
    --env) service_env+=("$2"); shift 2 ;;
    --keep-logs) keep_logs=true; shift ;;
    --iterations|--large-iterations|--warmup|--tag) bench_args+=("$1" "$2"); shift 2 ;;
    *) echo "storage.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

# Nothing from the caller's environment configures the services by accident.
while read -r name; do unset "$name"; done < <(compgen -e | grep -E '^(CODE_|Storage__|Execution__|Sandbox__|Api__)' || true)

run=$(mktemp -d /tmp/ci-bench-storage-XXXXXX)
chmod 0755 "$run"  # the sandbox uids must reach the job dirs below it
mkdir -p "$run/log"
key=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
bucket=bench-$(od -An -tx1 -N6 /dev/urandom | tr -d ' \n')
declare -A pids=()

log() { echo "storage.sh: $*" >&2; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

stop_service() {  # name: SIGTERM (a hard kill leaks the sandbox tmpfs mounts), SIGKILL only past 20 s
  local name=$1 pid=${pids[$1]:-} i
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 200; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name (pid $pid) still running 20 s after SIGTERM; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
  unset "pids[$name]"
}

cleanup() {
  local status=$? name leftover
  trap - EXIT INT TERM
  for name in "${!pids[@]}"; do stop_service "$name"; done
  leftover=$(mount | awk -v dir="$run/" 'index($3, dir) == 1 { print $3 }' | sort -r)
  if [ -n "$leftover" ]; then
    log "unmounting leftover mounts: $(echo "$leftover" | tr '\n' ' ')"
    echo "$leftover" | while read -r m; do umount -l "$m" || true; done
  fi
  if [ $status -ne 0 ] || $keep_logs; then
    cp "$s3_dir/log/proxy.log" "$run/log/swift-proxy.log" 2>/dev/null || true
  fi
  CODE_TEST_S3_DIR=$s3_dir scripts/s3-test-store.sh stop || log "stopping Swift failed"
  rm -rf "$run/local" "$run/s3"
  if [ $status -ne 0 ]; then
    for name in "$run"/log/*.log; do
      [ -s "$name" ] || continue
      echo "----- last lines of $name" >&2
      tail -n 25 "$name" >&2
    done
    log "failed (exit $status); logs kept in $run/log"
  elif $keep_logs; then
    log "logs kept in $run/log"
  else
    rm -rf "$run"
  fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

dotnet build src/CodeInterpreter -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet build bench/Storage -c Release --nologo -v quiet -clp:ErrorsOnly

settings=$(CODE_TEST_S3_DIR=$s3_dir CODE_TEST_S3_PORT=$s3_port scripts/s3-test-store.sh start)
eval "$settings"

start_service() {  # name uid_base [VAR=value...]: in the background; sets pids[name] and ports[name]
  local name=$1 uid=$2 port
  shift 2
  port=$(free_port)
  mkdir -p "$run/$name"
  env PORT="$port" CODE_BIND_ADDRESS=127.0.0.1 CODE_API_KEY="$key" CODE_DATA_DIR="$run/$name" CODE_UID_BASE="$uid" \
    CODE_MAX_UPLOAD_MB=150 CODE_MAX_OUTPUT_FILE_MB=25 CODE_RATE_LIMIT_EXEC_PER_MINUTE=0 \
    "${service_env[@]}" "$@" \
    dotnet src/CodeInterpreter/bin/Release/net10.0/CodeInterpreter.dll </dev/null >"$run/log/$name.log" 2>&1 &
  pids[$name]=$!
  ports[$name]=$port
}

wait_healthy() {  # name backend
  local name=$1 backend=$2 body i
  for ((i = 0; i < 240; i++)); do
    kill -0 "${pids[$name]}" 2>/dev/null || { log "$name exited during start"; return 1; }
    body=$(curl -s -m 5 "http://127.0.0.1:${ports[$name]}/health" -w '\n%{http_code}' || true)
    if [ "${body##*$'\n'}" = 200 ] && [[ $body == *"\"storage\":{\"backend\":\"$backend\",\"available\":true"* ]]; then
      return 0
    fi
    sleep 0.25
  done
  log "$name not healthy within 60 s: ${body:-no answer}"
  return 1
}

declare -A ports=()
start_service local "$uid_local" CODE_STORAGE=local
start_service s3 "$uid_s3" CODE_STORAGE=s3 CODE_S3_ENDPOINT="$CODE_TEST_S3_ENDPOINT" CODE_S3_BUCKET="$bucket" \
  CODE_S3_ACCESS_KEY="$CODE_TEST_S3_ACCESS_KEY" CODE_S3_SECRET_KEY="$CODE_TEST_S3_SECRET_KEY" CODE_S3_REGION="$CODE_TEST_S3_REGION"
wait_healthy local local
wait_healthy s3 s3

conditions="Stores: local = \`$run/local/files\` ($(findmnt -n -o FSTYPE -T "$run/local")); s3 = Swift $(dpkg-query -W -f='${Version}' swift 2>/dev/null || echo '?') \
with s3api on 127.0.0.1:$s3_port (\`scripts/s3-test-store.sh\`: one proxy process, workers = 0, one replica), objects in \`$s3_dir/devices\` ($(findmnt -n -o FSTYPE -T "$s3_dir/devices")), bucket $bucket. \
Both services Release, on loopback, sandbox uids $uid_local/$uid_s3, ${service_env[*]}; one client, requests one at a time."
log "local on :${ports[local]}, s3 on :${ports[s3]} (Swift on :$s3_port), running"
dotnet bench/Storage/bin/Release/net10.0/StorageBench.dll --node "local=http://127.0.0.1:${ports[local]}/v1/" \
  --node "s3=http://127.0.0.1:${ports[s3]}/v1/" --key "$key" --results "$repo/bench/results" --conditions "$conditions" "${bench_args[@]}"

if grep -E 'warn|fail|error|crit' -i "$run/log/s3.log" "$run/log/local.log" | grep -v ' 200 in ' | head -20 | grep -q .; then
  log "the services logged warnings or errors:"
  grep -E 'warn|fail|error|crit' -i "$run/log/s3.log" "$run/log/local.log" | grep -v ' 200 in ' | head -20 >&2
fi
