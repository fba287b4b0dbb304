# Look for the service's API keys in every environment a warm run can read: the sandbox init's (pid 1), the
# runner's own (it is this process), and os.environ. The test checks the output for the keys.
import os

for path in ['/proc/1/environ', '/proc/self/environ', f'/proc/{os.getpid()}/environ']:
    try:
        with open(path, 'rb') as f:
            print(path, f.read())
    except OSError as e:
        print(path, e.strerror)
print('os.environ', dict(os.environ))
print('DONE')
