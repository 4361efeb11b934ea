"""Lesson mode (proclab-cli run LESSON --python): the main module's line events, for the lesson's
Python tab, and the lesson's speed applied to time.sleep.

PROCLAB_TRACE_MAIN_LINES=<fd>: each line the main process runs in the main module is written to
fd as "<line>\\n". Only the main process traces: the variable is removed from the environment
(spawned children never see it) and a forked child stops at once (no tracing cost in workers).
PROCLAB_TIME_SCALE=<x>: time.sleep(s) sleeps s / x seconds, in every process of the program.
"""

import os
import sys
import time

_fd = -1


def _stop_in_child():
    global _fd
    if _fd >= 0:
        fd, _fd = _fd, -1
        sys.settrace(None)
        try:
            os.close(fd)
        except OSError:
            pass


def _local(frame, event, arg):
    if event == "line" and _fd >= 0:
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
    global _fd
    fd = os.environ.pop("PROCLAB_TRACE_MAIN_LINES", None)
    if fd:
        _fd = int(fd)
        os.set_inheritable(_fd, False)  # not into subprocesses either
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
