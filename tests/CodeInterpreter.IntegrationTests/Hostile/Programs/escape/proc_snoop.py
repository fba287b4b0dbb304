# What /proc tells about the launcher, the host kernel, the host's activity and the mounts. The test checks the
# output for secrets (API keys, host paths of the store); the masked files must read as empty.
import glob
import os

for path in ['/proc/1/environ', '/proc/1/cmdline', '/proc/1/task/1/environ', '/proc/1/task/1/cmdline',
             '/proc/cmdline', '/proc/version', '/proc/kallsyms', '/proc/config.gz', '/proc/self/environ',
             '/proc/diskstats', '/proc/interrupts', '/proc/softirqs', '/proc/sys/kernel/random/boot_id']:
    try:
        with open(path, 'rb') as f:
            data = f.read(4096)
        masked = path.startswith('/proc/self') or data == b''
        print(f"{'CONTAINED' if masked else 'ESCAPED'} {path}: {len(data)} bytes {data[:200]!r}")
    except OSError as e:
        print(f'CONTAINED {path}: {e.strerror}')
for path in sorted(glob.glob('/proc/[0-9]*/environ') + glob.glob('/proc/[0-9]*/cmdline')):
    try:
        print(path, open(path, 'rb').read(300))
    except OSError as e:
        print(path, e.strerror)
try:
    pressure = os.listdir('/proc/pressure')
    print(f"{'ESCAPED' if pressure else 'CONTAINED'} /proc/pressure: {pressure}")
except OSError as e:
    print(f'CONTAINED /proc/pressure: {e.strerror}')
mountinfo = open('/proc/self/mountinfo').read()
# The job's own tmpfs is mounted by the service without uid=/gid=, so its options name no host uid.
work = [line for line in mountinfo.splitlines() if line.split()[4] == '/mnt/data']
print(f"{'ESCAPED' if any('uid=' in line for line in work) else 'CONTAINED'} /mnt/data mount options: {work}")
print(mountinfo)
print('DONE')
