# The main process vanishes without cleaning up: a worker is SIGKILLed, then os._exit().
import multiprocessing as mp
import os
import signal
import sys
import time


def wait_forever(q):
    q.get()


if __name__ == "__main__":
    mp.set_start_method(sys.argv[1])
    q = mp.Queue()
    lock = mp.Lock()
    workers = [mp.Process(target=wait_forever, args=(q,)) for _ in range(2)]
    for w in workers:
        w.start()
    os.kill(workers[0].pid, signal.SIGKILL)
    workers[0].join()
    print("pids", *[w.pid for w in workers], flush=True)
    workers[1].kill()
    workers[1].join()
    os._exit(7)  # no atexit, no finalizers, no Queue feeder flush
