# A bounded Queue that is full: a writer waits in put() until the main process makes room.
import multiprocessing as mp
import sys


def writer(q):
    q.put("second")  # prints nothing: its line could interleave with the main process's


if __name__ == "__main__":
    mp.set_start_method(sys.argv[1])
    q = mp.Queue(maxsize=1)
    q.put("first")
    w = mp.Process(target=writer, args=(q,), name="Writer")
    w.start()
    print("ready", w.pid, flush=True)
    sys.stdin.readline()  # the test looks at the registry, then says go
    print("got", q.get(), q.get(), flush=True)
    w.join()
    print("exitcode", w.exitcode, flush=True)
    sys.stdin.readline()
