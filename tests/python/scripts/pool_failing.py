# Pool.map, and apply_async with a failing task whose result nobody asks for.
import multiprocessing as mp
import sys


def square(x):
    if x == 3:
        raise ValueError("three is not welcome")
    return x * x


if __name__ == "__main__":
    mp.set_start_method(sys.argv[1])
    with mp.Pool(2) as pool:
        print("map", pool.map(square, range(3)), flush=True)
        failing = pool.apply_async(square, (3,))  # its exception is never seen by the program
        print("apply", pool.apply_async(square, (4,)).get(), flush=True)
        failing.wait()
        print("ready", flush=True)
        sys.stdin.readline()
