#!/usr/bin/env python3
"""Python peer of bench_process: start+join of one multiprocessing.Process.

Usage: python_process_peer.py METHOD N [WARMUP]

METHOD is a multiprocessing start method (fork, forkserver, spawn). The script starts and joins
WARMUP processes (default: min(N, 5), at least 1; the forkserver is started by the first of them),
then times N start()+join() of a process running a no-op target with time.perf_counter_ns, and
prints one JSON object on stdout:

    {"method": "fork", "n": 200, "mean_ns": 812345.6, "min_ns": ..., "max_ns": ..., "python": "3.11.7"}

Exit status 0 on success, 2 on bad usage, 1 when a child did not exit with code 0.
"""

import json
import multiprocessing
import platform
import sys
import time


def noop():
    pass


def main(argv):
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    method = argv[1]
    try:
        n = int(argv[2])
        warmup = int(argv[3]) if len(argv) == 4 else max(1, min(n, 5))
    except ValueError:
        print(__doc__, file=sys.stderr)
        return 2
    if n < 1 or warmup < 0:
        print("N must be >= 1 and WARMUP >= 0", file=sys.stderr)
        return 2
    if method not in multiprocessing.get_all_start_methods():
        print(f"start method {method!r} not available here "
              f"(have {multiprocessing.get_all_start_methods()})", file=sys.stderr)
        return 2

    ctx = multiprocessing.get_context(method)

    def once():
        p = ctx.Process(target=noop)
        p.start()
        p.join()
        return p.exitcode

    for _ in range(warmup):
        if once() != 0:
            print(f"{method}: warm-up child failed", file=sys.stderr)
            return 1

    samples = []
    clock = time.perf_counter_ns
    for _ in range(n):
        t0 = clock()
        rc = once()
        samples.append(clock() - t0)
        if rc != 0:
            print(f"{method}: child exited with {rc}", file=sys.stderr)
            return 1

    print(json.dumps({
        "method": method,
        "n": n,
        "mean_ns": sum(samples) / n,
        "min_ns": min(samples),
        "max_ns": max(samples),
        "python": platform.python_version(),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
