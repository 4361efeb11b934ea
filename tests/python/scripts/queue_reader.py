# A writer and a reader on a Queue: the reader waits in get() until the main process puts.
import multiprocessing as mp
import sys


def reader(q):
    print("reader got", q.get(), flush=True)


if __name__ == "__main__":
    mp.set_start_method(sys.argv[1])
    q = mp.Queue()
    p = mp.Process(target=reader, args=(q,), name="Reader")
    p.start()
    print("ready", p.pid, flush=True)
    sys.stdin.readline()  # the test looks at the registry, then says go
    for i in range(3):
        q.put(i)
    p.join()
    print("left", q.qsize(), flush=True)
    sys.stdin.readline()
    while not q.empty():
        q.get()
