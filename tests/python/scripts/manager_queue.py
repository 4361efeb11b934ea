# A Manager queue used by pool workers, then a process waiting on it in get().
import multiprocessing as mp
import sys


def put_square(args):
    q, x = args
    q.put(x * x)


def getter(q):
    print("getter got", q.get(), flush=True)


if __name__ == "__main__":
    mp.set_start_method(sys.argv[1])
    with mp.Manager() as manager:
        q = manager.Queue()
        with mp.Pool(2) as pool:
            pool.map(put_square, [(q, i) for i in range(4)])
        print("queued", q.qsize(), flush=True)
        first = q.get()
        g = mp.Process(target=getter, args=(q,), name="Getter")
        while not q.empty():
            q.get()
        g.start()
        print("ready", g.pid, manager._process.pid, flush=True)
        sys.stdin.readline()
        q.put("done")
        g.join()
        print("exitcode", g.exitcode, flush=True)
