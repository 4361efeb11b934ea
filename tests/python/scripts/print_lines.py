# Four processes print at once, each line in several arguments (print writes each apart when
# unbuffered); waits for "go" on stdin before it ends.
import multiprocessing as mp
import sys


def talk(n):
    for i in range(300):
        print("worker", n, "line", i, "of", 300)


if __name__ == "__main__":
    mp.set_start_method(sys.argv[1])
    procs = [mp.Process(target=talk, args=(n,)) for n in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    print("ready", flush=True)
    sys.stdin.readline()
