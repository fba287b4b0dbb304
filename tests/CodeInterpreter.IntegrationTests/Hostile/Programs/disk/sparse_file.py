# A 100 GiB sparse file costs no disk but would make a naive collector read 100 GiB.
import errno, os, signal

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of dying
with open('sparse.bin', 'wb') as f:
    try:
        f.truncate(100 << 30)
        print('ESCAPED sparse: 100 GiB file created')
    except OSError as e:
        print(f'CONTAINED sparse 100 GiB: {errno.errorcode.get(e.errno, e.errno)}')
    # The largest sparse file the per-file limit allows, left behind for the collector.
    size = 0
    for mib in (4096, 1024, 256, 64, 16, 8, 4):
        try:
            f.truncate(mib << 20)
            size = mib
            break
        except OSError:
            pass
print(f'left a {size} MiB sparse file')
print('DONE')
