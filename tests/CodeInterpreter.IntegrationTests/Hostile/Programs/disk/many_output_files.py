# Twenty new files when only a few may be kept per run.
for i in range(20):
    with open(f'out{i:02}.txt', 'w') as f:
        f.write(f'file {i}')
print('DONE')
