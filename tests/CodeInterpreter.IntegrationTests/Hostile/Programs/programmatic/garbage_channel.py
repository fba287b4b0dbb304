# Talks to the tool channel directly: an endless line (over the cap), then a line that is not a batch of calls.
import socket

big = socket.socket(socket.AF_UNIX)
big.connect("/run/codeapi/sock")
try:
    big.sendall(b"x" * (3 * 1024 * 1024))
    print("reply to the endless line:", big.recv(100))
except OSError as error:
    print("endless line refused:", type(error).__name__)

bad = socket.socket(socket.AF_UNIX)
bad.connect("/run/codeapi/sock")
bad.sendall(b'{"calls": "not a list"}\n')
print("reply to garbage:", bad.recv(100))
print("ESCAPED: the run went on after garbage")
