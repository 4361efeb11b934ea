# Two processes take two locks in opposite order (the classic deadlock); the main process joins
# them with a timeout and says whether they are still running.
import multiprocessing as mp
import sys


def take(first, second, name):
    with first:
        with second:
            print(name, "holds both locks", flush=True)


if __name__ == "__main__":
    mp.set_start_method(sys.argv[1])
    a, b = mp.Lock(), mp.Lock()
    p1 = mp.Process(target=take, args=(a, b, "p1"), name="p1", daemon=True)
    p2 = mp.Process(target=take, args=(b, a, "p2"), name="p2", daemon=True)
    p1.start()
    p2.start()
    p1.join(timeout=1)
    p2.join(timeout=1)
    print("alive", p1.is_alive(), p2.is_alive(), flush=True)
