# Allocate 32 MiB blocks forever; bytes objects are touched on creation.
hog = []
while True:
    hog.append(b'x' * (32 * 1024 * 1024))
print('ESCAPED memory: survived')
