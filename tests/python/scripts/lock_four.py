# A Lock shared by four processes: the first holds it while the other three wait.
import multiprocessing as mp
import sys


def worker(lock, held, release):
    with lock:
        held.set()
        release.wait()


if __name__ == "__main__":
    mp.set_start_method(sys.argv[1])
    lock, held, release = mp.Lock(), mp.Event(), mp.Event()
    first = mp.Process(target=worker, args=(lock, held, release), name="Holder")
    first.start()
    held.wait()
    others = [mp.Process(target=worker, args=(lock, held, release), name=f"Waiter-{i}") for i in range(3)]
    for p in others:
        p.start()
    print("ready", first.pid, flush=True)
    sys.stdin.readline()
    release.set()
    for p in [first] + others:
        p.join()
    print("exitcodes", *[p.exitcode for p in [first] + others], flush=True)
