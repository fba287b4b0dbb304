# TCP to the service itself (v4 and v6 loopback), to listeners the test opened on the host's loopback (the host
# counts what arrives), to outside addresses, and to the host's usual ports. Where the kernel cannot charge socket
# buffers to the job, inet sockets cannot even be created: that is contained too.
import socket

targets = [('127.0.0.1', @@PORT@@), ('::1', @@PORT@@), ('127.0.0.1', @@HOST_TCP_PORT@@), ('::1', @@HOST_TCP6_PORT@@),
           ('127.0.0.1', 22), ('1.1.1.1', 443), ('8.8.8.8', 53),
           ('2606:4700:4700::1111', 443), ('169.254.169.254', 80), ('10.0.0.1', 80), ('172.17.0.1', 2375)]
for host, port in targets:
    family = socket.AF_INET6 if ':' in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as s:
            s.settimeout(2)
            s.connect((host, port))
            print(f'ESCAPED tcp {host}:{port} connected')
    except OSError as e:
        print(f'CONTAINED tcp {host}:{port}: {e.strerror or e}')
print('DONE')
