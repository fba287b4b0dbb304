# What /proc tells about the launcher, the host kernel and the mounts. The test checks the output for secrets
# (API keys, host paths of the store); the masked files must read as empty.
import glob

for path in ['/proc/1/environ', '/proc/1/cmdline', '/proc/1/task/1/environ', '/proc/1/task/1/cmdline',
             '/proc/cmdline', '/proc/version', '/proc/kallsyms', '/proc/config.gz', '/proc/self/environ']:
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
print(open('/proc/self/mountinfo').read())
print('DONE')
