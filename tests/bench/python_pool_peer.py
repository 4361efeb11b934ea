#!/usr/bin/env python3
"""Python peer of bench_pool: multiprocessing.Pool and concurrent.futures.ProcessPoolExecutor.

Usage: python_pool_peer.py WHAT N [WORKERS]

WHAT is one of
    pool_map_c1         Pool.map(inc, range(N), chunksize=1)
    pool_map_default    Pool.map(inc, range(N))              (Python's automatic chunksize)
    pool_apply_async    N x Pool.apply_async(inc, (i,)), then .get() of each
    pool_imap_c1        list(Pool.imap(inc, range(N), chunksize=1))
    ppe_map_c1          ProcessPoolExecutor.map(inc, range(N), chunksize=1)
    ppe_map_default     ProcessPoolExecutor.map(inc, range(N), chunksize=N/(4*WORKERS))
    ppe_submit          N x ProcessPoolExecutor.submit(inc, i), then .result() of each

The pool (fork start method, WORKERS workers, default 2) is created and warmed up before the timed
part; the timed part is the operation alone (time.perf_counter_ns). Prints one JSON object:

    {"what": "pool_map_c1", "n": 100000, "seconds": 3.5, "tasks_per_s": 28000.0, "python": "3.11.2"}

Exit status 0 on success, 2 on bad usage, 1 when the results are wrong.
"""

import concurrent.futures
import json
import multiprocessing
import platform
import sys
import time


def inc(x):
    return x + 1


def run(what, n, workers):
    ctx = multiprocessing.get_context("fork")
    xs = range(n)
    if what.startswith("pool_"):
        with ctx.Pool(workers) as pool:
            pool.map(inc, range(workers * 4), chunksize=1)  # warm-up: workers started
            t0 = time.perf_counter_ns()
            if what == "pool_map_c1":
                out = pool.map(inc, xs, chunksize=1)
            elif what == "pool_map_default":
                out = pool.map(inc, xs)
            elif what == "pool_apply_async":
                rs = [pool.apply_async(inc, (i,)) for i in xs]
                out = [r.get() for r in rs]
            elif what == "pool_imap_c1":
                out = list(pool.imap(inc, xs, chunksize=1))
            else:
                return None
            t1 = time.perf_counter_ns()
    elif what.startswith("ppe_"):
        with concurrent.futures.ProcessPoolExecutor(workers, mp_context=ctx) as ex:
            list(ex.map(inc, range(workers * 4)))
            t0 = time.perf_counter_ns()
            if what == "ppe_map_c1":
                out = list(ex.map(inc, xs, chunksize=1))
            elif what == "ppe_map_default":
                out = list(ex.map(inc, xs, chunksize=max(1, -(-n // (4 * workers)))))
            elif what == "ppe_submit":
                fs = [ex.submit(inc, i) for i in xs]
                out = [f.result() for f in fs]
            else:
                return None
            t1 = time.perf_counter_ns()
    else:
        return None
    if out != [x + 1 for x in xs]:
        print(f"{what}: wrong results", file=sys.stderr)
        sys.exit(1)
    return (t1 - t0) / 1e9


def main(argv):
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    what = argv[1]
    try:
        n = int(argv[2])
        workers = int(argv[3]) if len(argv) == 4 else 2
    except ValueError:
        print(__doc__, file=sys.stderr)
        return 2
    seconds = run(what, n, workers)
    if seconds is None:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps({"what": what, "n": n, "seconds": seconds, "tasks_per_s": n / seconds,
                      "python": platform.python_version()}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
