# A warm run leaves files for the next warm run in every writable place outside /mnt/data's contract.
import os

for folder in ['/tmp', '/dev/shm', os.environ['HOME'], '/mnt/data']:
    with open(os.path.join(folder, 'warm-plant-@@TOKEN@@'), 'w') as f:
        f.write('planted')
print('planted')
