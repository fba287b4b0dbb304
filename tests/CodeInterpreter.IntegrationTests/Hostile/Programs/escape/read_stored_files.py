# Guess where the service keeps another session's upload: the store layout, relative escapes from /mnt/data,
# and the canary's ids (which an attacker might have seen in a shared chat).
import glob, os

sid, fid = '@@CANARY_SESSION@@', '@@CANARY_ID@@'
guesses = [
    f'@@DATA_DIR@@/files/{sid}/{fid}', f'@@DATA_DIR@@/files/{sid}', f'/mnt/data/../../files/{sid}/{fid}',
    f'/mnt/data/{sid}/{fid}', f'/mnt/data/{fid}', f'/{sid}/{fid}', f'/mnt/{sid}', f'/tmp/{sid}',
]
for root in ['/mnt', '/tmp', '/dev/shm', '/code']:
    guesses += glob.glob(f'{root}/**/*{sid}*', recursive=True)[:20]
for path in guesses:
    try:
        with open(path, 'rb') as f:
            print(f'ESCAPED {path}: {f.read(60)!r}')
    except OSError as e:
        print(f'CONTAINED {path}: {e.strerror}')
print('listing of /mnt/data:', os.listdir('/mnt/data'))
print('DONE')
