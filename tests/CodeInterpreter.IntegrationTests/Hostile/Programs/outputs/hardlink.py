# Hard links to files outside /mnt/data would be collected as regular files with the target's content.
import errno, os

for target in ['/etc/ld.so.cache', '/usr/bin/python3', '/code/main.py', '/tmp/own.txt', '/dev/null']:
    if target == '/tmp/own.txt':
        open(target, 'w').write('own')
    try:
        os.link(target, os.path.basename(target) + '.link')
        print(f'ESCAPED hardlink {target}')
    except OSError as e:
        print(f'CONTAINED hardlink {target}: {errno.errorcode.get(e.errno, e.errno)}')
# A hard link inside /mnt/data is just a second name for the job's own file: harmless, collected once each.
open('mine.txt', 'w').write('mine')
os.link('mine.txt', 'mine2.txt')
print('DONE')
