# Second run: only /mnt/data may carry over, and only through the file mechanism (session_id or files[]).
for dir in /tmp /dev/shm /var/tmp /run/lock "$HOME" /tmp/.cache; do
  if [ -e "$dir/ci-planted-@@MARK@@" ]; then echo "ESCAPED persisted in $dir"; else echo "CONTAINED $dir is clean"; fi
done
if [ -e "/mnt/data/ci-planted-@@MARK@@" ]; then echo "mnt/data has it"; else echo "mnt/data does not have it"; fi
echo DONE
