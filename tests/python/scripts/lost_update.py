# Two processes add 1 to a shared Value without taking its lock around the read and the write.
import multiprocessing as mp
import sys


def add_one(v):
    v.value += 1  # a read, then a write: each takes the Value's lock on its own


if __name__ == "__main__":
    mp.set_start_method(sys.argv[1])
    v = mp.Value("i", 0)
    procs = [mp.Process(target=add_one, args=(v,), name=f"p{i}") for i in (1, 2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    print("value", v.value, flush=True)
