# Three ways to outlive the run: setsid, a double fork, and nohup with SIGHUP/SIGTERM ignored.
setsid sleep 300.201 &
( ( exec -a ci-double-forked sleep 300.202 ) & ) &
nohup bash -c 'trap "" HUP TERM; exec sleep 300.203' >/dev/null 2>&1 &
disown -a
sleep 0.3
echo "daemons started"
