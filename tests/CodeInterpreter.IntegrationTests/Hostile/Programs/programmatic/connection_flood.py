# Floods the tool channel with connections, each carrying one call, all at once: more connections than the
# channel takes and more calls than one round trip may carry.
import socket

line = b'{"calls":[{"name":"echo","input":{}}]}\n'
open_ = []
for i in range(400):
    s = socket.socket(socket.AF_UNIX)
    try:
        s.connect("/run/codeapi/sock")
        s.sendall(line)
        open_.append(s)
    except OSError:
        s.close()
print("sent on", len(open_), "connections", flush=True)
for s in open_:
    s.recv(100)
print("ESCAPED: every call of the flood was answered")
