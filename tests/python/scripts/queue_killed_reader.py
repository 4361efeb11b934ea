# A reader killed while it waits in get(): afterwards nobody is shown waiting on the queue.
import multiprocessing as mp
import os
import signal
import sys


def reader(q):
    print("reader got", q.get(), flush=True)


if __name__ == "__main__":
    mp.set_start_method(sys.argv[1])
    q = mp.Queue()
    p = mp.Process(target=reader, args=(q,), name="Doomed")
    p.start()
    print("ready", p.pid, flush=True)
    sys.stdin.readline()  # the test sees it waiting in get, then says go
    os.kill(p.pid, signal.SIGKILL)
    p.join()
    print("killed", p.exitcode, flush=True)
    # Its get() held the queue's read lock: no get on this queue can succeed any more (Python's
    # documentation warns of this), so the program ends here.
