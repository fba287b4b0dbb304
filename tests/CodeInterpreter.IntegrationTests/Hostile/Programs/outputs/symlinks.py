# Outputs that point elsewhere: the host's secrets, the store, other jobs, and links to links.
import os

links = {
    'shadow.txt': '/etc/shadow', 'passwd.csv': '/etc/passwd', 'hostname.txt': '/etc/hostname',
    'environ.txt': '/proc/self/environ', 'pid1.txt': '/proc/1/environ',
    'canary.bin': '@@DATA_DIR@@/files/@@CANARY_SESSION@@/@@CANARY_ID@@',
    'store': '@@DATA_DIR@@/files', 'jobs': '@@DATA_DIR@@/jobs', 'etc': '/etc', 'root': '/',
    'relative.txt': '../../../../etc/shadow', 'chain.txt': 'shadow.txt',
}
for name, target in links.items():
    os.symlink(target, name)
# A directory whose child is a link: the collector must not follow it while walking.
os.mkdir('dir')
os.symlink('/etc', 'dir/etc')
with open('real.txt', 'w') as f:
    f.write('real')
print('DONE')
