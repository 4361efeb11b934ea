#!/usr/bin/env python3
"""Python peer of bench_mpi_pool: mpi4py.futures.MPIPoolExecutor (Debian python3-mpi4py).

Usage: python_mpi_pool_peer.py WHAT N [WORKERS]

WHAT is one of
    map_c1          MPIPoolExecutor.map(inc, range(N), chunksize=1)
    map_default     MPIPoolExecutor.map(inc, range(N), chunksize=N/(4*WORKERS)) (as the Pool's automatic size)
    submit          N x MPIPoolExecutor.submit(inc, i), then .result() of each

The executor spawns WORKERS workers (default 2, MPI_Comm_spawn, as ProcLab's MPI pool started
alone) and is warmed up before the timed part; the timed part is the operation alone
(time.perf_counter_ns). Prints one JSON object:

    {"what": "map_c1", "n": 2000, "seconds": 0.5, "tasks_per_s": 4000.0, "mpi4py": "3.1.4"}

Exit status 0 on success, 2 on bad usage, 1 when the results are wrong.
"""

import json
import sys
import time

import mpi4py
from mpi4py.futures import MPIPoolExecutor


def inc(x):
    return x + 1


def run(what, n, workers):
    xs = range(n)
    with MPIPoolExecutor(max_workers=workers) as ex:
        list(ex.map(inc, range(workers * 4)))  # warm-up: workers started
        t0 = time.perf_counter_ns()
        if what == "map_c1":
            out = list(ex.map(inc, xs, chunksize=1))
        elif what == "map_default":
            out = list(ex.map(inc, xs, chunksize=max(1, -(-n // (4 * workers)))))
        elif what == "submit":
            fs = [ex.submit(inc, i) for i in xs]
            out = [f.result() for f in fs]
        else:
            return None
        t1 = time.perf_counter_ns()
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
                      "mpi4py": mpi4py.__version__}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
