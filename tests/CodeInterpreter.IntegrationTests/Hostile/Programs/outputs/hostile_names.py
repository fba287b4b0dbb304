# Names a collector or a download header might mishandle. Control characters and backslashes must be refused;
# the three valid ones (the cap) must come back with a safe Content-Disposition.
import errno

names = [
    'new\nline.txt', 'carriage\r\nSet-Cookie: pwned=1.txt', 'tab\there.txt', 'del\x7f.txt', 'back\\slash.txt',
    '..hidden', 'quote".txt', 'ünïcödé.txt',
]
for name in names:
    with open(name, 'w') as f:
        f.write('named')
try:
    open('y' * 300, 'w')
    print('ESCAPED 300-character name created')
except OSError as e:
    print(f'CONTAINED 300-character name: {errno.errorcode.get(e.errno, e.errno)}')
print('DONE')
