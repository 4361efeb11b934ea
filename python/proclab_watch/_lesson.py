"""Lesson mode (proclab-cli run LESSON --python): the main module's line events, for the lesson's
Python tab, and the lesson's speed applied to time.sleep.

PROCLAB_TRACE_MAIN_LINES=<fd>: each line the main process runs in the main module is written to
fd as "<line>\\n". Only the main process traces: the variable is removed from the environment
(spawned children never see it) and a forked child stops at once (no tracing cost in workers).
PROCLAB_STEP_GATE=<fd> with PROCLAB_STEP_LINES=<l1,l2,...>: step mode. Before the main process runs
one of those lines it reads a byte from fd (the lesson runner writes one per step); at the end of
fd it runs on freely.
PROCLAB_TIME_SCALE=<x>: time.sleep(s) sleeps s / x seconds, in every process of the program.
"""

import os
import sys
import time

_fd = -1
_gate = -1
_step_lines = frozenset()


def _stop_in_child():
    global _fd, _gate
    if _fd >= 0:
        fd, _fd = _fd, -1
        sys.settrace(None)
        try:
            os.close(fd)
        except OSError:
            pass
    if _gate >= 0:
        gate, _gate = _gate, -1
        try:
            os.close(gate)
        except OSError:
            pass


def _wait_at_gate():
    global _gate
    try:
        go = os.read(_gate, 1)
    except OSError:
        go = b""
    if not go:  # the runner ended step mode: run on
        os.close(_gate)
        _gate = -1


def _local(frame, event, arg):
    if event == "line" and _fd >= 0:
        if _gate >= 0 and frame.f_lineno in _step_lines:
            _wait_at_gate()
        try:
            os.write(_fd, b"%d\n" % frame.f_lineno)
        except OSError:
            pass
    return _local if _fd >= 0 else None


def _global(frame, event, arg):
    if _fd >= 0 and frame.f_globals.get("__name__") == "__main__":
        return _local
    return None


def install():
    global _fd, _gate, _step_lines
    fd = os.environ.pop("PROCLAB_TRACE_MAIN_LINES", None)
    gate = os.environ.pop("PROCLAB_STEP_GATE", None)
    lines = os.environ.pop("PROCLAB_STEP_LINES", "")
    if fd:
        _fd = int(fd)
        os.set_inheritable(_fd, False)  # not into subprocesses either
        if gate:
            _gate = int(gate)
            os.set_inheritable(_gate, False)
            _step_lines = frozenset(int(n) for n in lines.split(",") if n)
        os.register_at_fork(after_in_child=_stop_in_child)
        sys.settrace(_global)
    scale = os.environ.get("PROCLAB_TIME_SCALE")
    if scale:
        factor = float(scale)
        if factor > 0 and factor != 1:
            original = time.sleep

            def sleep(seconds):
                return original(seconds / factor)

            sleep.__wrapped__ = original
            sleep.__doc__ = original.__doc__
            time.sleep = sleep
