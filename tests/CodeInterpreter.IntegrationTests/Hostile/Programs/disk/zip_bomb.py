# Builds a small zip that inflates to 256 MiB (16 times the work dir), then extracts it inside the sandbox.
import errno, io, os, signal, zipfile

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, 'w', zipfile.ZIP_DEFLATED, compresslevel=1) as z:
    with z.open('bomb.bin', 'w', force_zip64=True) as entry:
        chunk = b'\0' * (4 << 20)
        for _ in range(64):
            entry.write(chunk)
print(f'zip is {len(buffer.getvalue()) >> 10} KiB')
extracted = 0
try:
    with zipfile.ZipFile(buffer) as z, z.open('bomb.bin') as src, open('bomb.bin', 'wb') as dst:
        while block := src.read(1 << 20):
            dst.write(block)
            extracted += len(block)
    print(f'ESCAPED zip bomb: extracted {extracted >> 20} MiB')
except OSError as e:
    print(f'CONTAINED zip bomb: {errno.errorcode.get(e.errno, e.errno)} after {extracted >> 20} MiB')
print('DONE')
