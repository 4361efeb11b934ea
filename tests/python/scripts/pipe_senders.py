# Five processes send on one end of a Pipe; the main process receives on the other.
import multiprocessing as mp
import sys


def sender(conn, i):
    conn.send(f"hello from {i}")


if __name__ == "__main__":
    mp.set_start_method(sys.argv[1])
    receiver, sending_end = mp.Pipe()
    procs = [mp.Process(target=sender, args=(sending_end, i)) for i in range(5)]
    for p in procs:
        p.start()
    print(sorted(receiver.recv() for _ in range(5)), flush=True)
    for p in procs:
        p.join()
    print("ready", flush=True)
    sys.stdin.readline()
