"""Processes: every multiprocessing.Process (fork, spawn, forkserver), its exit code as Python
reports it, joins shown as waits, and the helper processes (fork server, resource tracker, manager
server) labelled as such."""

import functools
import os
import sysconfig

from . import _bridge

_pending = None  # (name, daemon) of the Process being started: a forked child reads it
_pool_worker_targets = set()  # filled by _pools


def _after_fork_in_child():
    from . import _objects

    _objects.pid = os.getpid()
    name, daemon = _pending or ("", False)
    _bridge.after_fork(name, daemon)


os.register_at_fork(after_in_child=_after_fork_in_child)


def kind_of(process):
    target = getattr(process, "_target", None)
    if target is not None:
        if getattr(target, "__func__", target) in _pool_worker_targets or target in _pool_worker_targets:
            return _bridge.KIND_POOL_WORKER
        if getattr(target, "__name__", "") == "_run_server":
            return _bridge.KIND_MANAGER
    return _bridge.KIND_PROCESS


@functools.lru_cache(maxsize=1)
def library_dirs():
    """Where code that is not the program's own lives: the standard library and this package."""
    paths = sysconfig.get_paths()
    return tuple(os.path.join(d, "") for d in (paths["stdlib"], paths["platstdlib"], os.path.dirname(__file__)))


def _first_line(process):
    """The line where what the process runs is defined: its target, else its run() (0: library code)."""
    fn = getattr(process, "_target", None) or type(process).run
    code = getattr(getattr(fn, "__func__", fn), "__code__", None)
    if code is None or code.co_filename.startswith(library_dirs()):
        return 0
    return code.co_firstlineno


def patch_process(module):
    cls = module.BaseProcess
    original_start = cls.start
    original_bootstrap = cls._bootstrap
    original_join = cls.join

    def start(self):
        global _pending
        kind = kind_of(self)  # start() drops the target (bpo-30775): ask first
        _pending = (self.name, bool(self.daemon))
        try:
            original_start(self)
        finally:
            _pending = None
        _bridge.child_started(self.pid, self.name, kind, bool(self.daemon))

    def _bootstrap(self, *args, **kwargs):
        _bridge.became(self.name, kind_of(self), bool(self.daemon))
        # Scheduler mode: a new process waits to be let go, at the line of its target's definition.
        _bridge.gate(_bridge.SCHED_START, 0, 0, _first_line(self))
        exitcode = original_bootstrap(self, *args, **kwargs)
        _bridge.self_exiting(exitcode)
        return exitcode

    def join(self, timeout=None):
        popen = self._popen
        if popen is None or popen.returncode is not None:
            return original_join(self, timeout)
        _bridge.gate(_bridge.SCHED_JOIN, 0, popen.pid)
        _bridge.wait_begin(0, _bridge.OP_JOIN, popen.pid)
        try:
            return original_join(self, timeout)
        finally:
            _bridge.wait_end()

    for name, fn in (("start", start), ("_bootstrap", _bootstrap), ("join", join)):
        original = getattr(cls, name)
        fn.__wrapped__ = original
        fn.__doc__ = original.__doc__
        fn.__qualname__ = original.__qualname__
        setattr(cls, name, fn)


def _watch_poll(popen_cls):
    original = popen_cls.poll

    def poll(self, *args, **kwargs):
        known = self.returncode
        returncode = original(self, *args, **kwargs)
        if known is None and returncode is not None:
            _bridge.child_exited(self.pid, returncode)
        return returncode

    poll.__wrapped__ = original
    popen_cls.poll = poll


def patch_popen_fork(module):
    _watch_poll(module.Popen)


def patch_popen_forkserver(module):
    _watch_poll(module.Popen)


def _labelled_main(module, label, kind):
    original = module.main

    def main(*args, **kwargs):
        _bridge.became(label, kind, False)
        return original(*args, **kwargs)

    main.__wrapped__ = original
    module.main = main


def patch_forkserver(module):
    _labelled_main(module, "ForkServer", _bridge.KIND_FORK_SERVER)


def patch_resource_tracker(module):
    _labelled_main(module, _bridge.RESOURCE_TRACKER_NAME, _bridge.KIND_PROCESS)
