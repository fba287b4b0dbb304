# One output file over the per-file cap, and a small one that must still be kept.
with open('big.bin', 'wb') as f:
    f.write(b'B' * (3 << 20))
with open('small.txt', 'w') as f:
    f.write('small')
print('DONE')
