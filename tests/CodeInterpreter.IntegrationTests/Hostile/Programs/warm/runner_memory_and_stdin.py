# The program runs inside the warm runner, after the runner read its request from stdin. List the descriptors it
# left open, read what is left on stdin, and search the runner's whole memory (this process) and the sandbox
# init's (pid 1) for API keys (the instance's keys are "key_" + 32 hex digits) and the service's key variable.
import os
import re
import sys

descriptors = []
for fd in range(1024):
    try:
        os.fstat(fd)
        descriptors.append(fd)
    except OSError:
        pass
print(f"{'CONTAINED' if descriptors == [0, 1, 2] else 'ESCAPED'} descriptors: {descriptors}")
data = sys.stdin.read()
print(f"{'CONTAINED' if data == '' else 'ESCAPED'} sys.stdin.read(): {data[:200]!r}")
raw = os.read(0, 4096)
print(f"{'CONTAINED' if raw == b'' else 'ESCAPED'} os.read(0): {raw[:200]!r}")

# Written so that the pattern's own text does not match it.
SECRET = re.compile(rb'key_[0-9a-f]{32}|CODE_API_KEY[S]|X-API-Ke[y]')


def scan(pid):
    """Bytes read and the distinct secret-looking strings found in every readable mapping of pid."""
    total, found = 0, set()
    with open(f'/proc/{pid}/maps') as maps, open(f'/proc/{pid}/mem', 'rb', buffering=0) as mem:
        for line in maps:
            fields = line.split()
            lo, hi = (int(x, 16) for x in fields[0].split('-'))
            if 'r' not in fields[1] or (len(fields) > 5 and fields[5].startswith('[v')):
                continue
            for start in range(lo, hi, 1 << 20):
                try:
                    mem.seek(start)
                    chunk = mem.read(min(1 << 20, hi - start))
                except OSError:
                    break
                total += len(chunk)
                found.update(m.group() for m in SECRET.finditer(chunk))
    return total, found


for pid in ['self', '1']:
    try:
        total, found = scan(pid)
    except OSError as e:
        print(f'CONTAINED memory of {pid}: {e.strerror}')
        continue
    print(f"{'ESCAPED' if found else 'CONTAINED'} memory of {pid}: {total} bytes read, found {sorted(found)}")
print('DONE')
