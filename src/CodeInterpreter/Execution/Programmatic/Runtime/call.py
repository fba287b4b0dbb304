"""One tool call from bash: `name '{"json": "input"}'` prints the result as one compact JSON value."""
import json
import socket
import sys


def main():
    name = sys.argv[1]
    raw = sys.argv[2] if len(sys.argv) > 2 else '{}'
    try:
        argument = json.loads(raw)
    except ValueError:
        argument = raw
    request = json.dumps({'calls': [{'name': name, 'input': argument}]}, ensure_ascii=False, separators=(',', ':'))
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as channel:
        channel.connect('/run/codeapi/sock')
        channel.sendall(request.encode('utf-8') + b'\n')
        reply = channel.makefile('rb').readline()
    if not reply:
        sys.stderr.write(f'{name}: the service closed the tool channel\n')
        return 1
    result = json.loads(reply)['results'][0]
    if not result.get('ok'):
        sys.stderr.write(f"{name}: {result.get('error') or 'the tool failed'}\n")
        return 1
    sys.stdout.write(json.dumps(result.get('value'), ensure_ascii=False, separators=(',', ':')) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
