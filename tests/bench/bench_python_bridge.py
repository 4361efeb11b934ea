#!/usr/bin/env python3
"""The Python bridge's overhead: the same multiprocessing operations run plain and watched
(proclab-cli python, a live session), interleaved in one run; the table gives the ratios.

    bench_python_bridge.py PROCLAB_CLI [--smoke] [--repeats N]

Operations (the fork start method, the Linux default): Queue put+get, Lock acquire+release,
Pool(2).map over small tasks. Each figure is the best of the repeats (less noise than the mean).
"""

import json
import os
import subprocess
import sys
import time


def child(sizes):
    import multiprocessing as mp

    results = {}
    q = mp.Queue()
    n = sizes["queue"]
    t = time.perf_counter()
    for i in range(n):
        q.put(i)
        q.get()
    results["Queue put+get"] = (time.perf_counter() - t) / n

    lock = mp.Lock()
    n = sizes["lock"]
    t = time.perf_counter()
    for _ in range(n):
        lock.acquire()
        lock.release()
    results["Lock acquire+release"] = (time.perf_counter() - t) / n

    with mp.Pool(2) as pool:
        pool.map(abs, range(100))  # workers up
        n = sizes["pool"]
        t = time.perf_counter()
        pool.map(abs, range(n), chunksize=1)
        results["Pool.map (per task)"] = (time.perf_counter() - t) / n
    watched = "proclab_watch" in sys.modules
    print(json.dumps({"watched": watched, "results": results}))


def main():
    args = sys.argv[1:]
    if args and args[0] == "--child":
        child(json.loads(args[1]))
        return 0
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    cli = args[0]
    smoke = "--smoke" in args
    repeats = 1 if smoke else 5
    if "--repeats" in args:
        repeats = int(args[args.index("--repeats") + 1])
    sizes = {"queue": 200, "lock": 2000, "pool": 200} if smoke else {"queue": 20000, "lock": 500000, "pool": 5000}
    me = os.path.abspath(__file__)
    plain_env = {k: v for k, v in os.environ.items() if k != "PROCLAB_SESSION"}
    watched_env = dict(plain_env, PROCLAB_SESSION=f"bench-python-{os.getpid()}")
    best = {False: {}, True: {}}
    for _ in range(repeats):
        for watched in (False, True):
            cmd = [cli, "python", me] if watched else [sys.executable, me]
            out = subprocess.run(
                cmd + ["--child", json.dumps(sizes)],
                env=watched_env if watched else plain_env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            report = json.loads(out.strip().splitlines()[-1])
            if report["watched"] != watched:
                print(f"the {'watched' if watched else 'plain'} run was {'not ' if watched else ''}watched",
                      file=sys.stderr)
                return 1
            for name, value in report["results"].items():
                best[watched][name] = min(best[watched].get(name, value), value)
    print(f"{'operation':<24}{'plain':>12}{'watched':>12}{'ratio':>8}")
    for name, plain in best[False].items():
        watched = best[True][name]
        print(f"{name:<24}{plain * 1e6:>10.2f}us{watched * 1e6:>10.2f}us{watched / plain:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
