# A FIFO under an output's name (a naive reader blocks forever), a socket, and device nodes.
import errno, os, socket, stat

os.mkfifo('plot.png')
os.mkfifo('data.csv')
s = socket.socket(socket.AF_UNIX)
s.bind('/mnt/data/sock')
for name, kind, dev in [('null', stat.S_IFCHR, os.makedev(1, 3)), ('sda', stat.S_IFBLK, os.makedev(8, 0)),
                        ('mem', stat.S_IFCHR, os.makedev(1, 1))]:
    try:
        os.mknod(name, kind | 0o666, dev)
        print(f'ESCAPED mknod {name}')
    except OSError as e:
        print(f'CONTAINED mknod {name}: {errno.errorcode.get(e.errno, e.errno)}')
with open('real.txt', 'w') as f:
    f.write('real')
print('DONE')
