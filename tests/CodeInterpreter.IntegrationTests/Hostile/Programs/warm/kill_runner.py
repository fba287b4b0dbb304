# A child kills the warm runner (its parent, the process the program runs in) with SIGKILL, after starting a
# daemon: the runner's own exit path (threads, atexit, flush) never runs, and the daemon must die with the sandbox.
import os
import subprocess

subprocess.Popen(['setsid', 'sleep', '300.104'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(f'runner {os.getpid()} is about to be killed', flush=True)
subprocess.run(['bash', '-c', 'sleep 0.2; kill -KILL $PPID; sleep 5'], check=False)
print('ESCAPED: the runner survived SIGKILL')
