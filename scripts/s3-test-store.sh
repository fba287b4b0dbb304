#!/usr/bin/env bash
# A real S3 store for the test suite: a single-node OpenStack Swift (Debian's packages) with its S3 API (the
# s3api middleware), on 127.0.0.1 only, all state in one directory. See shared/S3.md for the recipe and for the
# client settings AWSSDK.S3 needs against it.
#
# Usage: eval "$(scripts/s3-test-store.sh start)"   installs the packages if missing (root), wipes and fills the
#                                                   state directory, starts memcached and the account, container,
#                                                   object and proxy servers, waits until a signed S3 request
#                                                   works, then prints the settings as shell lines on stdout:
#                                                     export CODE_TEST_S3_ENDPOINT=http://127.0.0.1:18480
#                                                     export CODE_TEST_S3_ACCESS_KEY=test:tester
#                                                     export CODE_TEST_S3_SECRET_KEY=testing
#                                                     export CODE_TEST_S3_REGION=us-east-1
#        scripts/s3-test-store.sh stop              stops what start started (and nothing else), removes the state
#                                                   directory; does nothing when nothing runs
#        scripts/s3-test-store.sh status            prints the settings again when the store answers; exit 1 if not
# Settings: CODE_TEST_S3_DIR  state directory (default /tmp/code-interpreter-s3-test): configs, rings, logs in
#                             log/, pids in run/, objects in devices/ (a tmpfs when the disk lacks user xattrs)
#           CODE_TEST_S3_PORT the S3 port (default 18480); the internal servers take free ports just above it
# To poke at it by hand: scripts/s3_sigv4.py request GET / (after the eval above).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
dir=$(realpath -m "${CODE_TEST_S3_DIR:-/tmp/code-interpreter-s3-test}")
s3_port=${CODE_TEST_S3_PORT:-18480}
python=/usr/bin/python3  # Debian's, where python3-swift lives (not a pyenv one that may come first on PATH)
marker=.code-interpreter-s3-test-store
servers=(account container object)
packages=(swift swift-proxy swift-account swift-container swift-object python3-swift memcached attr)
start_timeout=30

log() { echo "s3-test-store: $*" >&2; }
die() { log "$*"; exit 1; }

install_packages() {
  local missing=() pkg out
  for pkg in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    die "missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install --no-install-recommends ${missing[*]})"
  fi
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  local install=(apt-get install -y -qq --no-install-recommends "${missing[@]}")
  out=$("${install[@]}" 2>&1) && return 0
  log "apt-get install failed; updating the package lists and trying again"
  out=$(apt-get update -qq 2>&1) || { echo "$out" >&2; die "apt-get update failed"; }
  out=$("${install[@]}" 2>&1) || { echo "$out" >&2; die "apt-get install ${missing[*]} failed"; }
}

# /proc/PID/stat field N (1-based, as in proc(5)), counting past the command name, which may hold spaces.
proc_field() {
  local stat fields
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  read -r -a fields <<<"${stat##*) }"
  echo "${fields[$(($2 - 3))]}"
}

# True while the process recorded in a pid file (pid and start time, so a reused pid is never taken for it)
# exists and is not a zombie.
recorded_alive() {
  local pid start state
  read -r pid start <"$1" 2>/dev/null || return 1
  [ "$(proc_field "$pid" 22 2>/dev/null)" = "$start" ] || return 1
  state=$(proc_field "$pid" 3) && [ "$state" != Z ]
}

launch() {  # name, command...: in its own session, output to log/NAME.log, pid and start time to run/NAME.pid
  local name=$1 pid
  shift
  setsid "$@" </dev/null >>"$dir/log/$name.log" 2>&1 &
  pid=$!
  echo "$pid $(proc_field "$pid" 22)" >"$dir/run/$name.pid"
}

# Stops every recorded process (its whole session) and unmounts the tmpfs; leaves the directory.
stop_processes() {
  local file pid live=() deadline
  for file in "$dir"/run/*.pid; do
    [ -e "$file" ] || continue
    recorded_alive "$file" || continue
    read -r pid _ <"$file"
    # setsid made it a process group leader; signal the group so any child goes too.
    if [ "$(proc_field "$pid" 5)" = "$pid" ]; then kill -TERM -- "-$pid" 2>/dev/null || true
    else kill -TERM "$pid" 2>/dev/null || true; fi
    live+=("$file")
  done
  deadline=$((SECONDS + 10))
  for file in "${live[@]}"; do
    while recorded_alive "$file" && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
    if recorded_alive "$file"; then
      read -r pid _ <"$file"
      log "$(basename "$file" .pid) (pid $pid) ignored SIGTERM; killing it"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  if mountpoint -q "$dir/devices" 2>/dev/null; then
    umount "$dir/devices" || umount -l "$dir/devices" || die "could not unmount the tmpfs at $dir/devices"
  fi
}

# Refuses to touch a directory this script did not make.
check_ours() {
  [ -e "$dir" ] || return 0
  [ -d "$dir" ] || die "$dir exists and is not a directory (set CODE_TEST_S3_DIR)"
  [ -e "$dir/$marker" ] || [ -z "$(ls -A "$dir")" ] ||
    die "$dir is not empty and was not made by this script; not touching it (set CODE_TEST_S3_DIR)"
}

cmd_stop() {
  check_ours
  [ -e "$dir" ] || return 0
  stop_processes
  rm -rf "$dir"
}

port_in_use() {
  if command -v ss >/dev/null 2>&1; then
    ss -Hltn "sport = :$1" | grep -q .
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

xattrs_work() {
  "$python" - "$1" <<'PY' 2>/dev/null
import os, sys
probe = os.path.join(sys.argv[1], ".xattr-probe")
open(probe, "w").close()
try:
    os.setxattr(probe, "user.s3test", b"1")
    sys.exit(0 if os.getxattr(probe, "user.s3test") == b"1" else 1)
finally:
    os.unlink(probe)
PY
}

write_configs() {  # account_port container_port object_port memcached_port
  local etc=$dir/etc user
  user=$(id -un)
  cat >"$etc/swift.conf" <<EOF
[swift-hash]
swift_hash_path_suffix = $(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
swift_hash_path_prefix = $(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')

[storage-policy:0]
name = Policy-0
default = yes

[swift-constraints]
# S3 allows 2 KB of user metadata in all; Swift's default of 256 bytes a value is too little for the tests.
max_meta_value_length = 1024
EOF
  local i name
  for i in 0 1 2; do
    name=${servers[$i]}
    cat >"$etc/$name-server.conf" <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $((i == 0 ? $1 : i == 1 ? $2 : $3))
workers = 0
user = $user
swift_dir = $etc
devices = $dir/devices
mount_check = false
disable_fallocate = true
recon_cache_path = $dir/cache
log_name = $name-server

[pipeline:main]
pipeline = $name-server

[app:$name-server]
use = egg:swift#$name
EOF
  done
  cat >"$etc/proxy-server.conf" <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $s3_port
workers = 0
user = $user
swift_dir = $etc
log_name = proxy-server

[pipeline:main]
# s3api before tempauth (it hands tempauth the S3 signature to check); slo makes multipart uploads work.
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats s3api tempauth copy slo dlo versioned_writes proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true

[filter:s3api]
use = egg:swift#s3api
location = us-east-1

[filter:tempauth]
use = egg:swift#tempauth
# S3 access key "test:tester", secret key "testing".
user_test_tester = testing .admin

[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:$4

[filter:catch_errors]
use = egg:swift#catch_errors

[filter:gatekeeper]
use = egg:swift#gatekeeper

[filter:healthcheck]
use = egg:swift#healthcheck

[filter:proxy-logging]
use = egg:swift#proxy_logging

[filter:listing_formats]
use = egg:swift#listing_formats

[filter:copy]
use = egg:swift#copy

[filter:slo]
use = egg:swift#slo

[filter:dlo]
use = egg:swift#dlo

[filter:versioned_writes]
use = egg:swift#versioned_writes
EOF
  # Swift reads swift.conf (hash path salt, constraints, policies) from the hard-coded /etc/swift/swift.conf,
  # whose Debian default says "changeme". This wrapper points Swift at ours before anything reads it, and sends
  # the log lines that would go to syslog to a file instead.
  cat >"$etc/run-server.py" <<'EOF'
import logging, sys, time

swift_conf, app_section, conf_file, log_file = sys.argv[1:5]
import swift.common.utils as utils
for module in ("swift.common.constraints", "swift.common.storage_policy"):
    if module in sys.modules:
        sys.exit(f"run-server: {module} was loaded before swift.conf could be redirected")
utils.SWIFT_CONF_FILE = swift_conf
log_stream = open(log_file, "a", buffering=1)


class FileLogHandler(logging.StreamHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(log_stream)

    def createLock(self):
        self.lock = utils.PipeMutex()  # green-thread safe, as Swift's own syslog handler

    def format(self, record):
        return time.strftime("%H:%M:%S ") + super().format(record)


utils.ThreadSafeSysLogHandler = FileLogHandler
from swift.common.wsgi import run_wsgi

options = {}
if app_section == "object-server":
    from swift.obj import server
    options["global_conf_callback"] = server.global_conf_callback
sys.exit(run_wsgi(conf_file, app_section, **options))
EOF
}

build_rings() {  # account_port container_port object_port
  local i name jobs=() rc=0
  for i in 0 1 2; do
    name=${servers[$i]}
    (
      builder=$dir/etc/$name.builder
      swift-ring-builder "$builder" create 6 1 0 >/dev/null
      swift-ring-builder "$builder" add --region 1 --zone 1 --ip 127.0.0.1 --port "$((i == 0 ? $1 : i == 1 ? $2 : $3))" \
        --device d1 --weight 100 >/dev/null
      # On a one-device ring rebalance warns and exits 1; 2 is an error.
      swift-ring-builder "$builder" rebalance >/dev/null || [ $? -eq 1 ]
    ) >>"$dir/log/rings.log" 2>&1 &
    jobs+=($!)
  done
  for i in "${jobs[@]}"; do wait "$i" || rc=1; done
  for name in "${servers[@]}"; do [ -s "$dir/etc/$name.ring.gz" ] || rc=1; done
  [ $rc -eq 0 ] || { tail -n 20 "$dir/log/rings.log" >&2; die "building the rings failed"; }
}

fail_start() {
  local file
  log "$*"
  for file in "$dir"/log/*.log; do
    [ -s "$file" ] || continue
    echo "----- last lines of $file" >&2
    tail -n 15 "$file" >&2
  done
  exit 1  # the EXIT trap stops what was started and keeps the logs
}

settings() {
  cat <<EOF
export CODE_TEST_S3_ENDPOINT=http://127.0.0.1:$1
export CODE_TEST_S3_ACCESS_KEY=test:tester
export CODE_TEST_S3_SECRET_KEY=testing
export CODE_TEST_S3_REGION=us-east-1
EOF
}

cmd_start() {
  local started=$EPOCHREALTIME p ports=() name
  [[ $s3_port =~ ^[0-9]+$ ]] && [ "$s3_port" -ge 1024 ] && [ "$s3_port" -le 65000 ] ||
    die "CODE_TEST_S3_PORT must be a port number from 1024 to 65000, got '$s3_port'"
  install_packages
  check_ours
  if [ -e "$dir" ]; then stop_processes; rm -rf "$dir"; fi
  port_in_use "$s3_port" && die "port $s3_port is already in use (another store? set CODE_TEST_S3_PORT)"
  for ((p = s3_port + 1; p < s3_port + 200 && ${#ports[@]} < 4; p++)); do
    port_in_use "$p" || ports+=("$p")
  done
  [ ${#ports[@]} -eq 4 ] || die "no 4 free ports above $s3_port"

  mkdir -p "$dir"/{etc,log,run,cache,devices}
  touch "$dir/$marker"
  trap 'stop_processes; log "start failed; logs kept in $dir/log"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  if ! xattrs_work "$dir/devices"; then
    log "no user xattrs on the file system of $dir; mounting a tmpfs at $dir/devices"
    mount -t tmpfs -o size=4g,mode=0755 code-interpreter-s3-test "$dir/devices" ||
      die "could not mount a tmpfs (needs root); set CODE_TEST_S3_DIR to a file system with user xattrs"
    xattrs_work "$dir/devices" || die "user xattrs do not work on the tmpfs either; Swift cannot store objects"
  fi
  mkdir "$dir/devices/d1"

  write_configs "${ports[@]}"
  build_rings "${ports[@]:0:3}"
  local memcached_user=()
  [ "$(id -u)" -ne 0 ] || memcached_user=(-u nobody)  # memcached refuses to run as root
  launch memcached memcached -l 127.0.0.1 -p "${ports[3]}" -U 0 -m 64 "${memcached_user[@]}"
  for name in "${servers[@]}" proxy; do
    launch "$name" "$python" "$dir/etc/run-server.py" "$dir/etc/swift.conf" "$name-server" \
      "$dir/etc/$name-server.conf" "$dir/log/$name.log"
  done

  local deadline=$((SECONDS + start_timeout)) file
  until CODE_TEST_S3_ENDPOINT=http://127.0.0.1:$s3_port CODE_TEST_S3_ACCESS_KEY=test:tester \
        CODE_TEST_S3_SECRET_KEY=testing CODE_TEST_S3_REGION=us-east-1 \
        "$python" "$here/s3_sigv4.py" --timeout 5 probe 2>"$dir/log/probe.log"; do
    for file in "$dir"/run/*.pid; do
      recorded_alive "$file" || fail_start "$(basename "$file" .pid) exited during start"
    done
    [ $SECONDS -lt $deadline ] || fail_start "no working signed S3 request within ${start_timeout} s"
    sleep 0.2
  done
  trap - EXIT
  settings "$s3_port" | tee "$dir/settings"
  local us=$((${EPOCHREALTIME//[.,]/} - ${started//[.,]/}))
  log "ready on 127.0.0.1:$s3_port in $((us / 1000000)).$((us % 1000000 / 100000)) s (state in $dir)"
}

cmd_status() {
  local file
  [ -e "$dir/settings" ] || { log "not running (no $dir/settings)"; return 1; }
  for file in "$dir"/run/*.pid; do
    recorded_alive "$file" || { log "$(basename "$file" .pid) is not running"; return 1; }
  done
  # shellcheck disable=SC1091
  (source "$dir/settings" && "$python" "$here/s3_sigv4.py" --timeout 5 probe) || { log "not answering"; return 1; }
  cat "$dir/settings"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
