# Run while another job is paused on its tool channel: no socket of any other job may be reachable from here.
found=$(find / /tmp /mnt/data /dev/shm -xdev -type s 2>/dev/null; ls -d /run/codeapi 2>/dev/null)
if [ -n "$found" ]; then echo "ESCAPED: reachable: $found"; else echo "CONTAINED: no tool channel is reachable"; fi
echo DONE
