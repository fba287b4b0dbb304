# Twenty nested directories with a file at the bottom, and a long path of long names.
import os

deep = '/'.join(f'd{i}' for i in range(20))
os.makedirs(deep)
with open(f'{deep}/deep.txt', 'w') as f:
    f.write('deep')
long = '/'.join(['n' * 200] * 5)
os.makedirs(long)
with open(f'{long}/long.txt', 'w') as f:
    f.write('long')
with open('shallow.txt', 'w') as f:
    f.write('shallow')
print('DONE')
