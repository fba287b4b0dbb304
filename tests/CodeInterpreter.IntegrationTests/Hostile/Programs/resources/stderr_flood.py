import sys
while True:
    sys.stderr.write('err ' * 50 + '\n')
