#!/usr/bin/env python3
"""Python peer of bench_manager: multiprocessing.Manager() proxies, timed by the script.

Usage: python_manager_peer.py MODE N

MODE is one of
  call       Value proxy get(): one proxy method call round trip
  putget     Queue proxy put(8 bytes) then get() in this process (two round trips per op)
  queue1to1  a "fork" child puts N 8-byte messages into a manager Queue, this process gets them
  lock       Lock proxy acquire() + release() (two round trips per op)

The manager is started before the clock; the script prints one JSON object on stdout:

    {"mode": "call", "n": 20000, "mean_ns": 45678.9, "python": "3.11.2"}

mean_ns is the time per operation. Exit status 0 on success, 2 on bad usage, 1 on failure.
"""

import json
import multiprocessing
import platform
import sys
import time


def produce(q, go, n):
    message = b"x" * 8
    go.wait()
    for _ in range(n):
        q.put(message)


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("call", "putget", "queue1to1", "lock"):
        print(__doc__, file=sys.stderr)
        return 2
    mode, n = sys.argv[1], int(sys.argv[2])
    ctx = multiprocessing.get_context("fork")
    with ctx.Manager() as m:
        if mode == "call":
            v = m.Value("i", 0)
            v.get()
            t0 = time.perf_counter()
            for _ in range(n):
                v.get()
            elapsed = time.perf_counter() - t0
        elif mode == "putget":
            q = m.Queue()
            message = b"x" * 8
            q.put(message)
            q.get()
            t0 = time.perf_counter()
            for _ in range(n):
                q.put(message)
                q.get()
            elapsed = time.perf_counter() - t0
        elif mode == "lock":
            lock = m.Lock()
            t0 = time.perf_counter()
            for _ in range(n):
                lock.acquire()
                lock.release()
            elapsed = time.perf_counter() - t0
        else:
            q = m.Queue()
            go = ctx.Event()
            child = ctx.Process(target=produce, args=(q, go, n))
            child.start()
            q.qsize()  # this process's connection exists before the clock starts
            t0 = time.perf_counter()
            go.set()
            for _ in range(n):
                if len(q.get()) != 8:
                    return 1
            elapsed = time.perf_counter() - t0
            child.join()
            if child.exitcode != 0:
                return 1
    print(json.dumps({"mode": mode, "n": n, "mean_ns": elapsed * 1e9 / n, "python": platform.python_version()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
