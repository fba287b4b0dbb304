# Stop like a warm runner that finished its warm-up (the pool's "ready" sign) and wait to be continued.
import os
import signal

print('stopping', flush=True)
os.kill(os.getpid(), signal.SIGSTOP)
print('ESCAPED: continued')
