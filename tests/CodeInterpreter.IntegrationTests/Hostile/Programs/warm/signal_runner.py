# Turn on the processes above the program: ptrace the sandbox init (pid 1, the runner's parent), signal it with
# everything that could stop or kill it, from Python and from a child shell, and kill(-1) (every process
# but pid 1 and the caller). The run must go on.
import ctypes
import os
import signal
import subprocess

libc = ctypes.CDLL(None, use_errno=True)
PTRACE_TRACEME, PTRACE_ATTACH, PTRACE_SEIZE = 0, 16, 0x4206
parent = os.getppid()
for name, request, pid in [('PTRACE_ATTACH', PTRACE_ATTACH, parent), ('PTRACE_SEIZE', PTRACE_SEIZE, parent),
                           ('PTRACE_TRACEME', PTRACE_TRACEME, 0)]:
    result = libc.ptrace(request, pid, None, None)
    error = ctypes.get_errno()
    print(f"{'ESCAPED' if result == 0 else 'CONTAINED'} {name} {pid}: {os.strerror(error) if result else 'ok'}")
for sig in [signal.SIGSTOP, signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGSEGV, signal.SIGKILL]:
    try:
        os.kill(1, sig)
    except OSError as e:
        print(f'kill(1, {sig.name}): {e.strerror}')
subprocess.run(['bash', '-c', 'kill -STOP 1; kill -TERM 1; kill -KILL 1'], check=False)
try:
    os.kill(-1, signal.SIGKILL)
    print('kill(-1, SIGKILL): sent')
except OSError as e:
    print(f'kill(-1, SIGKILL): {e.strerror}')
with open('/proc/1/stat') as f:
    state = f.read().rsplit(')', 1)[1].split()[0]
print(f"{'CONTAINED' if state in 'SR' else 'ESCAPED'} pid 1 is in state {state} after the signals")
print(f'runner {os.getpid()}, parent {os.getppid()}')
print('DONE')
