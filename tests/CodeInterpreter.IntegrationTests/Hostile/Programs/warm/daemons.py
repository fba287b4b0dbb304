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
time.sleep(0.3)
print('daemons started')
