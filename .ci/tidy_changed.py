#!/usr/bin/env python3
"""Runs the curated clang-tidy checks on what changed since a base commit.

The sources checked are the .cpp files of core/, ui/ and app/ changed since BASE, and every such
.cpp file whose object depends on a header changed since BASE (Ninja's dependency log says which).
Any finding fails the run (.clang-tidy sets WarningsAsErrors).

    tidy_changed.py BUILD_DIR BASE [JOBS]
"""
import json
import os
import subprocess
import sys


# clang counts a capture used in only one `if constexpr` branch as unused (task.h's argument loader
# for a task without arguments), and -Werror in the compile commands makes that an error.
NO_LAMBDA_CAPTURE = "--extra-arg=-Wno-unused-lambda-capture"


def main() -> int:
    build, base = sys.argv[1], sys.argv[2]
    jobs = sys.argv[3] if len(sys.argv) > 3 else "2"
    root = subprocess.run(["git", "rev-parse", "--show-toplevel"], check=True, capture_output=True,
                          text=True).stdout.strip()
    diff = subprocess.run(["git", "diff", "--name-only", base, "--", "core", "ui", "app"], check=True,
                          capture_output=True, text=True, cwd=root).stdout.split()
    changed = {os.path.join(root, p) for p in diff if p.endswith((".cpp", ".h"))}
    changed = {p for p in changed if os.path.exists(p)}
    headers = {p for p in changed if p.endswith(".h")}
    with open(os.path.join(build, "compile_commands.json")) as f:
        compiled = {os.path.realpath(os.path.join(e["directory"], e["file"])) for e in json.load(f)}
    sources = {p for p in changed if p.endswith(".cpp")}
    if headers:
        deps = subprocess.run(["ninja", "-C", build, "-t", "deps"], check=True, capture_output=True,
                              text=True).stdout
        first = None
        for line in deps.splitlines():
            if not line.startswith(" "):
                first = None  # a new object's block (or the blank line between blocks)
                continue
            path = os.path.realpath(os.path.join(build, line.strip()))
            if first is None:
                first = path  # the first dependency is the source itself
            elif path in headers:
                sources.add(first)
    inside = tuple(os.path.join(root, d) + os.sep for d in ("core", "ui", "app"))
    sources = sorted(p for p in sources if p in compiled and p.startswith(inside) and p.endswith(".cpp"))
    print(f"tidy: {len(sources)} source(s) changed since {base} (directly or through a header)", flush=True)
    if not sources:
        return 0
    failed = 0
    procs = []
    for src in sources:
        procs.append(subprocess.Popen(["clang-tidy", "-p", build, "--quiet", NO_LAMBDA_CAPTURE, src],
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
        if len(procs) >= int(jobs):
            failed |= finish(procs.pop(0))
    for p in procs:
        failed |= finish(p)
    return 1 if failed else 0


def finish(proc: subprocess.Popen) -> int:
    out, _ = proc.communicate()
    lines = [l for l in out.splitlines() if "warnings generated" not in l and "Suppressed" not in l
             and "Use -header-filter" not in l and "NOLINT" not in l]
    if proc.returncode != 0 or any(": warning:" in l or ": error:" in l for l in lines):
        print("\n".join(lines), flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
