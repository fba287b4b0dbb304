# Fork until the kernel refuses: each child becomes a sleeping process, so the pids limit (not memory) is what stops it.
import os

children = 0
while True:
    try:
        pid = os.fork()
    except OSError as e:
        print(f'fork refused after {children} children: {e.strerror}')
        break
    if pid == 0:
        os.execv('/usr/bin/sleep', ['sleep', '60'])
    children += 1
