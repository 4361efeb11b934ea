#!/usr/bin/env python3
"""Python peer of bench_channels: multiprocessing's channels and Lock, timed by the script.

Usage: python_channels_peer.py MODE N

MODE is one of
  queue8        multiprocessing.Queue, 8-byte bytes messages, 1 producer process -> this process
  queue4k       multiprocessing.Queue, 4096-byte bytes messages, 1 -> 1
  simplequeue8  multiprocessing.SimpleQueue, 8-byte messages, 1 -> 1
  pipe8         multiprocessing.Pipe(duplex=False), send_bytes/recv_bytes of 8 bytes, 1 -> 1
  lock          multiprocessing.Lock, acquire()+release() in this process, uncontended

For the channels, the producer (a "fork" child) waits on an Event; the clock starts when the
Event is set and stops when this process has received the N-th message. The script prints one
JSON object on stdout:

    {"mode": "queue8", "n": 200000, "mean_ns": 4567.8, "per_second": 218918.1, "python": "3.11.2"}

mean_ns is the time per message (per acquire+release for lock). Exit status 0 on success, 2 on
bad usage, 1 when a child failed or a message was wrong.
"""

import json
import multiprocessing
import platform
import sys
import time

SIZES = {"queue8": 8, "queue4k": 4096, "simplequeue8": 8, "pipe8": 8}


def produce_queue(q, go, n, size):
    message = b"x" * size
    go.wait()
    for _ in range(n):
        q.put(message)


def produce_pipe(conn, go, n, size):
    message = b"x" * size
    go.wait()
    for _ in range(n):
        conn.send_bytes(message)
    conn.close()


def run_channel(ctx, mode, n):
    size = SIZES[mode]
    go = ctx.Event()
    if mode == "pipe8":
        reader, writer = ctx.Pipe(duplex=False)
        child = ctx.Process(target=produce_pipe, args=(writer, go, n, size))
        receive = reader.recv_bytes
    else:
        q = ctx.SimpleQueue() if mode == "simplequeue8" else ctx.Queue()
        child = ctx.Process(target=produce_queue, args=(q, go, n, size))
        receive = q.get
    child.start()
    if mode == "pipe8":
        writer.close()
    clock = time.perf_counter_ns
    t0 = clock()
    go.set()
    last = None
    for _ in range(n):
        last = receive()
    t1 = clock()
    child.join()
    if child.exitcode != 0:
        print(f"{mode}: producer exited with {child.exitcode}", file=sys.stderr)
        return None
    if last is None or len(last) != size:
        print(f"{mode}: wrong message received", file=sys.stderr)
        return None
    return (t1 - t0) / n


def run_lock(ctx, n):
    lock = ctx.Lock()
    acquire, release = lock.acquire, lock.release
    for _ in range(min(n, 1000)):
        acquire()
        release()
    clock = time.perf_counter_ns
    t0 = clock()
    for _ in range(n):
        acquire()
        release()
    return (clock() - t0) / n


def main(argv):
    if len(argv) != 3 or (argv[1] not in SIZES and argv[1] != "lock"):
        print(__doc__, file=sys.stderr)
        return 2
    mode = argv[1]
    try:
        n = int(argv[2])
    except ValueError:
        print(__doc__, file=sys.stderr)
        return 2
    if n < 1:
        print("N must be >= 1", file=sys.stderr)
        return 2
    ctx = multiprocessing.get_context("fork")
    mean_ns = run_lock(ctx, n) if mode == "lock" else run_channel(ctx, mode, n)
    if mean_ns is None:
        return 1
    print(json.dumps({
        "mode": mode,
        "n": n,
        "mean_ns": mean_ns,
        "per_second": 1e9 / mean_ns if mean_ns > 0 else 0.0,
        "python": platform.python_version(),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
