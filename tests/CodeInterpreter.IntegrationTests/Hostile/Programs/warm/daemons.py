# Outlive the warm run three ways: setsid + double fork, nohup with HUP/TERM ignored, and a shell's setsid in the
# background. The sleeps' durations are unusual so that the test can look for them anywhere on the host.
import os
import subprocess
import time

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv('/usr/bin/sleep', ['sleep', '300.101'])
    os._exit(0)
os.wait()
subprocess.Popen(['nohup', 'bash', '-c', 'trap "" HUP TERM; exec sleep 300.102'],
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
os.system('setsid sleep 300.103 >/dev/null 2>&1 &')


def sleepers():
    found = 0
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            with open(f'/proc/{pid}/cmdline', 'rb') as f:
                found += f.read().startswith(b'sleep\x00300.10')
        except OSError:
            pass
    return found


# Say so only once all three run, so the run ends with every daemon alive.
deadline = time.monotonic() + 2.5  # within the 3 s limit of the suite's runs
while sleepers() < 3 and time.monotonic() < deadline:
    time.sleep(0.05)
print('daemons started' if sleepers() >= 3 else f'only {sleepers()} daemons started')
