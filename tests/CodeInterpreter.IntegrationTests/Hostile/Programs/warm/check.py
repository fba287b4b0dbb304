# The next warm run looks for what the previous one planted.
import os

for folder in ['/tmp', '/dev/shm', os.environ['HOME'], '/mnt/data']:
    path = os.path.join(folder, 'warm-plant-@@TOKEN@@')
    print(f"{'ESCAPED' if os.path.exists(path) else 'CONTAINED'} {path}")
print('DONE')
