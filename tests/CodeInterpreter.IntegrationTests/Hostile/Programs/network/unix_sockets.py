# Unix sockets of the host: an abstract one and a file-system one the test opened (names substituted), and the
# usual daemons' sockets.
import socket

targets = ['\0@@ABSTRACT_SOCKET@@', '@@UNIX_SOCKET@@', '/run/dbus/system_bus_socket', '/var/run/docker.sock',
           '/run/systemd/private', '\0/org/freedesktop/systemd1/notify', '/tmp/.X11-unix/X0']
for path in targets:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(2)
    try:
        s.connect(path)
        print(f'ESCAPED unix {path!r}: connected, got {s.recv(64)!r}')
    except OSError as e:
        print(f'CONTAINED unix {path!r}: {e.strerror or e}')
    finally:
        s.close()
print('DONE')
