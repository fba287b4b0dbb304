# Host paths through another process's memory: /proc/1/cmdline is masked, but bwrap's old pid-1 helper was a fork of
# the launcher, dumpable and of our uid, so /proc/1/mem held the whole launch argv. Read every other process's memory
# (through /proc/<pid>/maps, every thread's /proc/<pid>/task/<tid>/mem, and the argv/environ addresses that
# /proc/<pid>/stat shows) and pid 1's other files, and search them for the data dir, this job's host dir name and
# "bwrap". The test checks that the needles are the real ones.
import os
import re

NEEDLE_NAMES = ['data dir', 'job dir', 'bwrap']
MOUNT_FILES = {'mountinfo', 'mounts', 'mountstats'}  # the mount table: the same as our own (see the threat model)


def job_dir_name():
    # The /code bind's source as the mount table shows it: <jobs root>/<24 hex>/code.
    for line in open('/proc/self/mountinfo'):
        fields = line.split()
        if fields[4] == '/code':
            found = re.search(r'/([0-9a-f]{24})/code$', fields[3])
            return found.group(1) if found else None
    return None


job = job_dir_name()
needles = [b'@@DATA_DIR@@', (job or 'no-job-dir-found').encode(), b'bwrap']
for name, needle in zip(NEEDLE_NAMES, needles):
    print(f'needle {name}: {needle.decode()}')


def search(where, data):
    for name, needle in zip(NEEDLE_NAMES, needles):
        at = data.find(needle)
        if at >= 0:
            print(f'ESCAPED {where}: the {name} at +{at}: {data[max(0, at - 40):at + 80]!r}')


def read_regions(pid, mem_path):
    try:
        maps = open(f'/proc/{pid}/maps').read().splitlines()
    except OSError as e:
        print(f'CONTAINED /proc/{pid}/maps: {e.strerror}')
        maps = []
    regions = []
    for line in maps:
        span, perms = line.split()[:2]
        if perms.startswith('r'):
            start, end = (int(x, 16) for x in span.split('-'))
            regions.append((start, min(end, start + (16 << 20))))
    # /proc/<pid>/stat fields 48-51: where argv and environ live (zeros when the reader may not look).
    try:
        fields = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
        arg_start, arg_end, env_start, env_end = (int(x) for x in fields[45:49])
        regions += [(s, e) for s, e in ((arg_start, arg_end), (env_start, env_end)) if e > s]
    except (OSError, ValueError, IndexError) as e:
        print(f'/proc/{pid}/stat: {e}')
    try:
        fd = os.open(mem_path, os.O_RDONLY)
    except OSError as e:
        print(f'CONTAINED {mem_path}: {e.strerror}')
        return
    total = 0
    try:
        for start, end in regions:
            try:
                data = os.pread(fd, end - start, start)
            except OSError:
                continue
            total += len(data)
            search(f'{mem_path} at {start:#x}', data)
    finally:
        os.close(fd)
    print(f'{"ESCAPED" if total else "CONTAINED"} {mem_path}: {total} bytes read')


me = os.getpid()
pids = sorted(int(p) for p in os.listdir('/proc') if p.isdigit() and int(p) != me)
print(f'other processes: {pids}')
for pid in pids:
    try:
        tids = sorted(os.listdir(f'/proc/{pid}/task'))
    except OSError:
        tids = []
    read_regions(pid, f'/proc/{pid}/mem')
    for tid in tids:
        read_regions(pid, f'/proc/{pid}/task/{tid}/mem')

for entry in sorted(os.listdir('/proc/1')):
    path = f'/proc/1/{entry}'
    if entry in MOUNT_FILES or entry in ('mem', 'pagemap', 'clear_refs', 'task'):
        continue
    try:
        if os.path.islink(path):
            data = os.readlink(path).encode()
        elif os.path.isdir(path):
            data = '\n'.join(f'{n} -> {os.readlink(os.path.join(path, n))}' if os.path.islink(os.path.join(path, n)) else n
                             for n in os.listdir(path)).encode()
        else:
            with open(path, 'rb') as f:
                data = f.read(1 << 20)
    except OSError:
        continue
    search(path, data)
print('CONTAINED nothing of the host found' if job else 'ESCAPED? no job dir name in the mount table to search for')
print('DONE')
