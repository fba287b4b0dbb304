# Plant files where the next job (or the host) would pick them up.
for target in /usr/bin/ci-planted /usr/lib/ci-planted /etc/ci-planted /etc/ld.so.preload /bin/ci-planted \
    /code/ci-planted /var/tmp/ci-planted /ci-planted /proc/sys/kernel/ci /proc/sysrq-trigger; do
  if ( echo planted > "$target" ) 2>/dev/null; then
    echo "ESCAPED write $target"
  else
    echo "CONTAINED write $target"
  fi
done
if ( : > /proc/1/oom_score_adj ) 2>/dev/null && [ "$(cat /proc/1/oom_score_adj)" != "0" ]; then echo "ESCAPED oom_score_adj"; fi
echo DONE
