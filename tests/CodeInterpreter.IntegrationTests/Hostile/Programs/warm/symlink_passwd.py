# Outputs that point at host files: the collector must neither list nor serve them.
import os

os.symlink('/etc/passwd', 'passwd.csv')
os.symlink('/etc/shadow', 'shadow.txt')
os.symlink('/proc/1/environ', 'environ.txt')
with open('real.txt', 'w') as f:
    f.write('real')
print('DONE')
