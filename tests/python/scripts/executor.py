# concurrent.futures.ProcessPoolExecutor: submit five tasks (one fails), then map.
import concurrent.futures as cf
import multiprocessing as mp
import sys


def tenfold(x):
    if x == 2:
        raise KeyError(x)
    return x * 10


if __name__ == "__main__":
    with cf.ProcessPoolExecutor(2, mp_context=mp.get_context(sys.argv[1])) as executor:
        futures = [executor.submit(tenfold, i) for i in range(5)]
        print("ok", [f.exception() is None for f in futures], flush=True)
        print("map", list(executor.map(tenfold, [0, 1, 3])), flush=True)
    print("ready", flush=True)
    sys.stdin.readline()
