# Fill each writable place with 4 MiB files (under the per-file limit) until the kernel refuses; report how far
# it got. Only the quotas of the three tmpfs mounts can stop this.
import errno, os

LIMIT_MIB = 4096
for directory in ['/mnt/data', '/tmp', '/dev/shm']:
    written, files = 0, []
    try:
        while written < LIMIT_MIB:
            path = os.path.join(directory, f'fill{len(files)}.bin')
            files.append(path)
            with open(path, 'wb') as f:
                for _ in range(4):
                    f.write(b'\0' * (1 << 20))
                    f.flush()
                    written += 1
        print(f'ESCAPED fill {directory}: wrote {written} MiB')
    except OSError as e:
        print(f'CONTAINED fill {directory}: {errno.errorcode.get(e.errno, e.errno)} after {written} MiB')
    for path in files:
        if os.path.exists(path):
            os.remove(path)
print('DONE')
