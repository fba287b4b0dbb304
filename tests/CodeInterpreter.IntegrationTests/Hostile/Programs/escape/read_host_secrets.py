# Host files that must not exist in the sandbox, and the service's own directories (paths substituted by the test).
import os

targets = [
    '/etc/shadow', '/etc/passwd', '/etc/sudoers', '/root', '/root/.ssh', '/home', '/var/lib', '/run', '/sys',
    '/proc/1/root/etc/shadow', '/proc/1/cwd/etc/shadow',
    '@@DATA_DIR@@', '@@DATA_DIR@@/files', '@@DATA_DIR@@/jobs', '@@SERVICE_DIR@@', '@@SERVICE_DIR@@/CodeInterpreter.dll',
]
for path in targets:
    try:
        if os.path.isdir(path):
            print(f'ESCAPED {path}: lists {sorted(os.listdir(path))[:5]}')
        else:
            with open(path, 'rb') as f:
                print(f'ESCAPED {path}: read {f.read(60)!r}')
    except OSError as e:
        print(f'CONTAINED {path}: {e.strerror}')
print('DONE')
