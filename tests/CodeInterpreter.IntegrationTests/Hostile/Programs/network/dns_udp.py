# Name resolution and UDP: no resolver, no route, nothing leaves (the test counts what reaches its UDP socket on the
# host's loopback), or no inet socket at all, where the kernel cannot charge socket buffers to the job.
import socket

for name in ['example.com', 'localhost', 'metadata.google.internal']:
    try:
        print(f'ESCAPED dns {name}: {socket.getaddrinfo(name, 80)[0][4]}')
    except OSError as e:
        print(f'CONTAINED dns {name}: {e}')
for host, port in [('8.8.8.8', 53), ('127.0.0.1', 53), ('255.255.255.255', 53), ('127.0.0.1', @@HOST_UDP_PORT@@)]:
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
            s.sendto(b'\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x07example\x03com\x00\x00\x01\x00\x01', (host, port))
            s.settimeout(1)
            data = s.recv(512)
            print(f'ESCAPED udp {host}: got {len(data)} bytes')
    except OSError as e:
        print(f'CONTAINED udp {host}: {e.strerror or e}')
print('DONE')
