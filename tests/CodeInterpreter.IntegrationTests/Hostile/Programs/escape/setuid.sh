# A setuid-root probe on the host (placed by the test) prints its real and effective uid: on the host it shows
# euid 0 to any user; here it must not. Then the stock setuid binaries.
probe='@@SUID_PROBE@@'
ls -l "$probe"
out=$("$probe" 2>&1)
echo "probe: $out"
case "$out" in
  *"euid=0"*) echo "ESCAPED setuid probe ran as root" ;;
  *"euid="*) echo "CONTAINED setuid probe: setuid bit ignored" ;;
  *) echo "ESCAPED setuid probe did not run: $out" ;;
esac
grep NoNewPrivs /proc/self/status
for bin in /usr/bin/su /usr/bin/passwd /usr/bin/mount /usr/bin/newgrp; do
  [ -x "$bin" ] && timeout 2 "$bin" </dev/null >/dev/null 2>&1
done
[ "$(id -u)" = "0" ] && echo "ESCAPED uid 0" || echo "CONTAINED uid $(id -u)"
echo DONE
