"""Registry ids of the watched program's objects.

An object is registered once, by the process that creates it, under a name every process can find:
"py/" + the name of its first semaphore (spawn and forkserver contexts name them), or
"py/<pid>-<n>" in the fork context, whose objects reach children only by inheritance (with the
id as an attribute). Objects made inside another watched object (a Queue's locks, a Pool's
queues) are internal and never registered.
"""

import itertools
import os
import threading

from . import _bridge

_counter = itertools.count(1)
_tls = threading.local()
pid = os.getpid()  # this process's pid (kept current across forks by _processes)


def _depth():
    return getattr(_tls, "depth", 0)


def semlock_name(semlock_owner):
    """The shared name of the semaphore behind a multiprocessing.synchronize object, or None."""
    semlock = getattr(semlock_owner, "_semlock", None)
    return getattr(semlock, "name", None) if semlock is not None else None


def _key(shared_name, role):
    # A Queue is found by its read lock's name, a Condition by its counter's: the role keeps those
    # objects apart from the semaphores whose names they borrow.
    return "py" + shared_name + ("/" + role if role else "")


def register(obj, kind, label, capacity=0, shared_name=None, role=None):
    """Registers `obj` (outermost construction only) and returns its id (0: not shown)."""
    if shared_name:
        name = _key(shared_name, role)
    else:
        name = f"py/{os.getpid()}-{next(_counter)}"
    oid = _bridge.register_object(kind, name, label, capacity)
    obj._proclab_id = oid
    obj._proclab_name = name
    return oid


def lookup(obj, shared_name, role=None):
    """The id of an object that reached this process by pickling (spawn, forkserver)."""
    oid = _bridge.find_object(_key(shared_name, role)) if shared_name else 0
    obj._proclab_id = oid
    return oid


def watching_init(cls, on_outermost):
    """Wraps cls.__init__: `on_outermost(self)` runs once the outermost watched constructor is done;
    objects built inside it are marked internal (id 0)."""
    original = cls.__init__

    def __init__(self, *args, **kwargs):
        depth = _depth()
        _tls.depth = depth + 1
        try:
            original(self, *args, **kwargs)
        finally:
            _tls.depth = depth
        if depth == 0:
            on_outermost(self)
        elif "_proclab_id" not in self.__dict__:
            self._proclab_id = 0

    __init__.__wrapped__ = original
    __init__.__qualname__ = original.__qualname__
    __init__.__doc__ = original.__doc__
    cls.__init__ = __init__


class internal:
    """Within this block, watched constructors register nothing (a Pool's or Manager's own queues)."""

    def __enter__(self):
        _tls.depth = _depth() + 1

    def __exit__(self, *exc):
        _tls.depth -= 1
        return False
