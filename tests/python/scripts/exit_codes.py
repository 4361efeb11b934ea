# Five workers ending five ways, and a daemon that dies with its parent.
import multiprocessing as mp
import os
import signal
import sys


def returns():
    pass


def exits():
    sys.exit(3)


def raises():
    raise RuntimeError("boom")


def sleeps():
    signal.pause()  # until its parent terminates or kills it


if __name__ == "__main__":
    mp.set_start_method(sys.argv[1])
    procs = [mp.Process(target=t, name=n) for t, n in
             ((returns, "returns"), (exits, "exits"), (raises, "raises"), (sleeps, "terminated"), (sleeps, "killed"))]
    daemon = mp.Process(target=sleeps, name="daemon", daemon=True)
    for p in procs + [daemon]:
        p.start()
    procs[3].terminate()
    procs[4].kill()
    for p in procs:
        p.join()
    print("exitcodes", *[p.exitcode for p in procs], flush=True)
    print("daemon", daemon.pid, flush=True)
