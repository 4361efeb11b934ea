# A Manager list and dict filled by pool workers: their sizes as the server holds them.
import multiprocessing as mp
import sys


def record(args):
    shared, table, x = args
    shared.append(x * x)
    table[x] = x * x


if __name__ == "__main__":
    mp.set_start_method(sys.argv[1])
    with mp.Manager() as manager:
        shared = manager.list([100])
        table = manager.dict()
        with mp.Pool(2) as pool:
            pool.map(record, [(shared, table, i) for i in range(4)])
        table.pop(0)
        print("sizes", len(shared), len(table), flush=True)
        print("types", type(shared[:]).__name__, type(table.copy()).__name__, flush=True)
        sys.stdin.readline()
