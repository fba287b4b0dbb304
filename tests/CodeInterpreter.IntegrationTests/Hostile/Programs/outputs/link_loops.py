# Links that loop: to itself, to each other, and a directory link back up the tree.
import os

os.symlink('self', 'self')
os.symlink('b', 'a')
os.symlink('a', 'b')
os.symlink('.', 'dot')
os.makedirs('d1/d2')
os.symlink('../..', 'd1/d2/up')
os.symlink('/mnt/data', 'd1/abs')
with open('d1/d2/real.txt', 'w') as f:
    f.write('real')
print('DONE')
