# Lines as fast as Python can print them.
while True:
    print('flood ' * 20)
