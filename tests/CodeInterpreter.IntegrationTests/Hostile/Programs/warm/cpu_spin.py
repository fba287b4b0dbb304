# Hold both cores past the timeout: a spinning child process and a spinning thread beside the main loop.
import os
import threading


def spin():
    while True:
        pass


if os.fork() == 0:
    spin()
threading.Thread(target=spin, daemon=True).start()
spin()
