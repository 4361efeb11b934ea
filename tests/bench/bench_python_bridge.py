#!/usr/bin/env python3
"""The Python bridge's overhead: the same multiprocessing operations run plain and watched
(proclab-cli python, a live session), interleaved in one run; the table gives the ratios.

    bench_python_bridge.py PROCLAB_CLI [--smoke] [--repeats N] [--only NAME,...] [--json FILE]

Operations (the fork start method, the Linux default): Queue put+get, Lock acquire+release,
Pool(2).map over small tasks (chunksize 1). Each repetition runs one plain and one watched child
process, alternating which goes first. Inside a child every operation runs a few rounds: its wall
time is the fastest round, its CPU time that of all rounds (the process's threads, and for
Pool.map its workers too: less disturbed by other programs than the wall time). The table gives,
per operation, the median plain and watched figures, the median of the paired ratios (watched /
plain of one repetition) and their spread (quartiles, min-max): on a busy machine the spread says
how far a ratio can be trusted.
"""

import json
import os
import statistics
import subprocess
import sys
import time

ROUNDS = 3  # timed rounds per operation inside one child


def _cpu_of(pids):
    """CPU seconds (user + system) used so far by this process (all its threads) and by `pids`."""
    total = time.process_time()
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except OSError:
            pass
    return total


def _measure(fn, n, pids=()):
    """Wall time: the fastest of ROUNDS rounds of `fn(n)`, per operation. CPU time: that of all
    rounds (this process and `pids`, e.g. a pool's workers), per operation; less disturbed by
    other programs on a busy machine than the wall time."""
    best = None
    cpu = _cpu_of(pids)
    for _ in range(ROUNDS):
        t = time.perf_counter()
        fn(n)
        per_op = (time.perf_counter() - t) / n
        best = per_op if best is None else min(best, per_op)
    return best, (_cpu_of(pids) - cpu) / (ROUNDS * n)


def child(sizes, only):
    import multiprocessing as mp

    results = {}
    if "queue" in only:
        q = mp.Queue()

        def queue_round(n):
            put, get = q.put, q.get
            for i in range(n):
                put(i)
                get()

        queue_round(100)  # its feeder thread up
        results["Queue put+get"] = _measure(queue_round, sizes["queue"])
        q.close()
        q.join_thread()

    if "lock" in only:
        lock = mp.Lock()

        def lock_round(n):
            acquire, release = lock.acquire, lock.release
            for _ in range(n):
                acquire()
                release()

        results["Lock acquire+release"] = _measure(lock_round, sizes["lock"])

    if "pool" in only:
        with mp.Pool(2) as pool:
            pool.map(abs, range(100))  # workers up
            workers = [p.pid for p in pool._pool]
            results["Pool.map (per task)"] = _measure(
                lambda n: pool.map(abs, range(n), chunksize=1), sizes["pool"], workers
            )
    watched = "proclab_watch" in sys.modules
    print(json.dumps({"watched": watched, "results": results}))


def _run(cli, me, sizes, only, watched, env):
    cmd = [cli, "python", me] if watched else [sys.executable, me]
    out = subprocess.run(
        cmd + ["--child", json.dumps(sizes), ",".join(only)], env=env, check=True, capture_output=True, text=True
    ).stdout
    report = json.loads(out.strip().splitlines()[-1])
    if report["watched"] != watched:
        raise RuntimeError(f"the {'watched' if watched else 'plain'} run was {'not ' if watched else ''}watched")
    return report["results"]


def main():
    args = sys.argv[1:]
    if args and args[0] == "--child":
        child(json.loads(args[1]), args[2].split(","))
        return 0
    if not args or args[0].startswith("--"):
        print(__doc__, file=sys.stderr)
        return 2
    cli = args[0]
    smoke = "--smoke" in args
    repeats = 1 if smoke else 15
    if "--repeats" in args:
        repeats = int(args[args.index("--repeats") + 1])
    only = ["queue", "lock", "pool"]
    if "--only" in args:
        only = args[args.index("--only") + 1].split(",")
    sizes = {"queue": 200, "lock": 2000, "pool": 200} if smoke else {"queue": 4000, "lock": 100000, "pool": 2000}
    me = os.path.abspath(__file__)
    plain_env = {k: v for k, v in os.environ.items() if k != "PROCLAB_SESSION"}
    watched_env = dict(plain_env, PROCLAB_SESSION=f"bench-python-{os.getpid()}")
    runs = {False: [], True: []}  # per repetition: {operation: seconds per op}
    for r in range(repeats):
        order = (False, True) if r % 2 == 0 else (True, False)  # neither side always runs first
        for watched in order:
            try:
                runs[watched].append(_run(cli, me, sizes, only, watched, watched_env if watched else plain_env))
            except (RuntimeError, subprocess.CalledProcessError) as error:
                print(error, file=sys.stderr)
                return 1
    table = {}
    print(f"{repeats} repetitions, plain and watched interleaved; medians per operation, the median of the")
    print("paired ratios (watched/plain of one repetition), their quartiles and min-max; wall: fastest round, cpu: all")
    print(f"{'operation':<22}{'':<5}{'plain':>10}{'watched':>10}{'ratio':>7}  {'q1-q3':<11}{'min-max':<10}")
    for name in runs[False][0]:
        table[name] = {}
        for column, label in ((0, "wall"), (1, "cpu")):
            plain = [run[name][column] for run in runs[False]]
            watched = [run[name][column] for run in runs[True]]
            ratios = [w / p for p, w in zip(plain, watched) if p > 0]
            if not ratios:
                continue
            quartiles = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else [ratios[0]] * 3
            row = {
                "plain_us": statistics.median(plain) * 1e6,
                "watched_us": statistics.median(watched) * 1e6,
                "ratio": statistics.median(ratios),
                "ratio_q1": quartiles[0],
                "ratio_q3": quartiles[2],
                "ratio_min": min(ratios),
                "ratio_max": max(ratios),
            }
            table[name][label] = row
            print(
                f"{name if column == 0 else '':<22}{label:<5}{row['plain_us']:>8.2f}us{row['watched_us']:>8.2f}us"
                f"{row['ratio']:>7.2f}  {row['ratio_q1']:.2f}-{row['ratio_q3']:.2f}"
                f"  {row['ratio_min']:.2f}-{row['ratio_max']:.2f}"
            )
    if "--json" in args:
        with open(args[args.index("--json") + 1], "w") as f:
            json.dump({"repeats": repeats, "sizes": sizes, "operations": table}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
