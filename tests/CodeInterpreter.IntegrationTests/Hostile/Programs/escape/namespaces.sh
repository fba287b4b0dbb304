# unshare(1) and nsenter(1): new user, mount, network and pid namespaces would hand back capabilities.
for args in "-U -r id" "-U true" "-m true" "-n true" "-p -f true" "-i true" "-u true" "-C true"; do
  if out=$(unshare $args 2>&1); then echo "ESCAPED unshare $args: $out"; else echo "CONTAINED unshare $args: $out"; fi
done
if out=$(nsenter -t 1 -m -u -i -n -p true 2>&1); then echo "ESCAPED nsenter: $out"; else echo "CONTAINED nsenter: $out"; fi
echo DONE
