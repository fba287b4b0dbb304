# 100,000 tiny files: exhausts inodes, and would make a naive collector store (or list) them all.
import errno, os

made = 0
try:
    os.mkdir('many')
    for i in range(100_000):
        with open(f'many/f{i}', 'w') as f:
            f.write('x')
        made += 1
    print('ESCAPED inodes: 100000 files created in /mnt/data')
except OSError as e:
    print(f'CONTAINED inodes: {errno.errorcode.get(e.errno, e.errno)} after {made} files')
print('DONE')
