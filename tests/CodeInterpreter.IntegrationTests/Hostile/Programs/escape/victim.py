# The victim of a concurrent job: keeps a secret in /mnt/data and stays alive long enough to be attacked.
import os, time

with open('secret.txt', 'w') as f:
    f.write('@@SECRET@@')
print('victim ready', os.getpid(), flush=True)
time.sleep(4)  # the run's limit is 5 s: the attack must happen while this sleeps
with open('secret.txt') as f:
    print('secret intact' if f.read() == '@@SECRET@@' else 'secret changed')
