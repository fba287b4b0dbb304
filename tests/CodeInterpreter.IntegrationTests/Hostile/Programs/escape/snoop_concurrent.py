# Runs while victim.py sleeps in another job: look for its processes and files, signal everything in reach.
import glob, os, signal

secret = '@@SECRET@@'
pids = [int(p) for p in os.listdir('/proc') if p.isdigit()]
print('pids visible:', pids)
for pid in pids:
    try:
        cmdline = open(f'/proc/{pid}/cmdline', 'rb').read()
        if b'victim' in cmdline or b'main.py' in cmdline and pid != os.getpid():
            print(f'visible process {pid}: {cmdline!r}')
    except OSError:
        pass
found = []
for pattern in ['/proc/*/root/mnt/data/secret.txt', '/proc/*/cwd/secret.txt', '/mnt/data/secret.txt',
                '/tmp/**/secret.txt', '/dev/shm/**/secret.txt']:
    for path in glob.glob(pattern, recursive=True):
        try:
            if secret in open(path).read():
                found.append(path)
        except OSError:
            pass
print(f'ESCAPED found the victim secret at {found}' if found else 'CONTAINED files: victim secret not reachable')
# Signals: every pid this job can see, and -1 (everything the uid may signal).
for pid in pids:
    if pid not in (1, os.getpid()):
        try:
            os.kill(pid, 0)
        except OSError:
            pass
try:
    os.kill(-1, signal.SIGKILL)  # kills this job's own processes except the caller; must not reach the victim
except OSError as e:
    print('kill -1:', e.strerror)
print('CONTAINED signals: sent')
print('DONE')
