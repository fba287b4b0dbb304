# Three ways to outlive the run: setsid, a double fork, and nohup with SIGHUP/SIGTERM ignored.
setsid sleep 300.201 &
( ( exec -a ci-double-forked sleep 300.202 ) & ) &
nohup bash -c 'trap "" HUP TERM; exec sleep 300.203' >/dev/null 2>&1 &
disown -a
# Say so only once all three run (as seen in /proc), so the run ends with every daemon alive.
for _ in $(seq 25); do  # within the 3 s limit of the suite's runs
  running=$(grep -l -a -E '300[.]20[123]' /proc/[0-9]*/cmdline 2>/dev/null | wc -l)
  [ "$running" -ge 3 ] && break
  sleep 0.1
done
[ "$running" -ge 3 ] && echo "daemons started" || echo "only $running daemons started"
