"""Lock, RLock, Semaphore, BoundedSemaphore, Condition, Event, Barrier: holder, value, waiters.

A watched lock's acquire and release are replaced on the instance (as multiprocessing itself binds
them there); internal locks keep the C methods untouched.
"""

from . import _bridge, _objects

_C_OWNER = _bridge.C_OWNER
_C_VALUE = _bridge.C_VALUE
_OP_ACQUIRE = _bridge.OP_ACQUIRE
_OP_WAIT = _bridge.OP_WAIT
_set_counter = _bridge.set_counter
_wait_begin = _bridge.wait_begin
_wait_end = _bridge.wait_end
_gate = _bridge.gate  # scheduler mode: holds the process here until it is chosen
_S_ACQUIRE = _bridge.SCHED_ACQUIRE
_S_RELEASE = _bridge.SCHED_RELEASE
_S_WAIT = _bridge.SCHED_WAIT
_S_SET = _bridge.SCHED_SET
_S_NOTIFY = _bridge.SCHED_NOTIFY
_S_ABORT = _bridge.SCHED_ABORT
_ungate = _bridge.ungate


def _owner_methods(self, oid, recursive):
    """acquire/release that record the holder (Lock, RLock)."""
    semlock = self._semlock
    try_acquire = semlock.acquire
    raw_release = semlock.release
    count = semlock._count

    def acquire(block=True, timeout=None):
        _gate(_S_ACQUIRE, oid)
        if try_acquire(False):
            _set_counter(oid, _C_OWNER, _objects.pid)
            return True
        if not block:
            return False
        _wait_begin(oid, _OP_ACQUIRE, 0)
        try:
            acquired = try_acquire(True, timeout)
        finally:
            _wait_end()
        if acquired:
            _set_counter(oid, _C_OWNER, _objects.pid)
        return acquired

    if recursive:

        def release():
            _gate(_S_RELEASE, oid)
            if count() == 1:
                _set_counter(oid, _C_OWNER, 0)
            raw_release()

    else:

        def release():
            _gate(_S_RELEASE, oid)
            _set_counter(oid, _C_OWNER, 0)
            raw_release()

    return acquire, release


def _value_methods(self, oid):
    """acquire/release that record the value (Semaphore, BoundedSemaphore)."""
    semlock = self._semlock
    try_acquire = semlock.acquire
    raw_release = semlock.release
    value = semlock._get_value

    def acquire(block=True, timeout=None):
        _gate(_S_ACQUIRE, oid)
        if not try_acquire(False):
            if not block:
                return False
            _wait_begin(oid, _OP_ACQUIRE, 0)
            try:
                if not try_acquire(True, timeout):
                    return False
            finally:
                _wait_end()
        _set_counter(oid, _C_VALUE, value())
        return True

    def release():
        _gate(_S_RELEASE, oid)
        raw_release()
        _set_counter(oid, _C_VALUE, value())

    return acquire, release


def _native_methods(self, oid, owner, recursive):
    """The same acquire/release in C (the bridge's watched_method): None where this Python's
    SemLock does not allow it."""
    b = _bridge
    try:
        if owner:
            release = b.MODE_RLOCK_RELEASE if recursive else b.MODE_LOCK_RELEASE
            return (b.watched_method(self._semlock, oid, b.MODE_LOCK_ACQUIRE),
                    b.watched_method(self._semlock, oid, release))
        return (b.watched_method(self._semlock, oid, b.MODE_SEMAPHORE_ACQUIRE),
                b.watched_method(self._semlock, oid, b.MODE_SEMAPHORE_RELEASE))
    except (ValueError, TypeError, AttributeError):
        return None


def _install(self, oid, module):
    owner = isinstance(self, (module.Lock, module.RLock))
    recursive = isinstance(self, module.RLock)
    methods = _native_methods(self, oid, owner, recursive)
    if methods is None:
        methods = _owner_methods(self, oid, recursive) if owner else _value_methods(self, oid)
    self.acquire, self.release = methods
    if not owner:
        _set_counter(oid, _C_VALUE, self._semlock._get_value())


def _oid(obj, shared, role):
    """The id of a Condition/Event/Barrier (looked up by name once in a process that unpickled it)."""
    oid = obj.__dict__.get("_proclab_id")
    if oid is None:
        oid = _objects.lookup(obj, _objects.semlock_name(shared(obj)), role)
    return oid


def _waiting(method, shared, role):
    def wait(self, *args, **kwargs):
        oid = _oid(self, shared, role)
        if not oid:
            return method(self, *args, **kwargs)
        _gate(_S_WAIT, oid)
        _wait_begin(oid, _OP_WAIT, 0)
        _ungate(1)  # its lock's release and re-acquire inside are part of this one point
        try:
            return method(self, *args, **kwargs)
        finally:
            _ungate(-1)
            _wait_end()

    wait.__wrapped__ = method
    wait.__doc__ = method.__doc__
    return wait


def patch(module):
    semlock_cls = module.SemLock
    original_make_methods = semlock_cls._make_methods

    def _make_methods(self):
        original_make_methods(self)
        if _objects._depth() > 0:  # being constructed: the constructor registers it
            return
        oid = _objects.lookup(self, _objects.semlock_name(self))  # unpickled here
        if oid:
            _install(self, oid, module)

    semlock_cls._make_methods = _make_methods
    semlock_cls.__enter__ = lambda self: self.acquire()
    semlock_cls.__exit__ = lambda self, *exc: self.release()

    def semlock_registrar(kind, label):
        def on_outermost(self):
            oid = _objects.register(self, kind, label, shared_name=_objects.semlock_name(self))
            if oid:
                _install(self, oid, module)

        return on_outermost

    for cls, kind in (
        (module.Lock, _bridge.OBJ_LOCK),
        (module.RLock, _bridge.OBJ_RLOCK),
        (module.Semaphore, _bridge.OBJ_SEMAPHORE),
        (module.BoundedSemaphore, _bridge.OBJ_BOUNDED_SEMAPHORE),
    ):
        _objects.watching_init(cls, semlock_registrar(kind, cls.__name__))

    # Condition: waits, and its holder while inside `with cond:`.
    cond_shared = lambda c: c._sleeping_count  # noqa: E731
    _objects.watching_init(
        module.Condition,
        lambda self: _objects.register(
            self, _bridge.OBJ_CONDITION, "Condition", shared_name=_objects.semlock_name(self._sleeping_count), role="condition"
        ),
    )
    module.Condition.wait = _waiting(module.Condition.wait, cond_shared, "condition")
    original_enter = module.Condition.__enter__
    original_exit = module.Condition.__exit__

    def cond_enter(self):
        result = original_enter(self)
        oid = _oid(self, cond_shared, "condition")
        if oid:
            _set_counter(oid, _C_OWNER, _objects.pid)
        return result

    def cond_exit(self, *exc):
        oid = _oid(self, cond_shared, "condition")
        if oid:
            _set_counter(oid, _C_OWNER, 0)
        return original_exit(self, *exc)

    module.Condition.__enter__ = cond_enter
    module.Condition.__exit__ = cond_exit

    def notifying(method):
        def notify(self, *args, **kwargs):
            oid = _oid(self, cond_shared, "condition")
            if oid:
                _gate(_S_NOTIFY, oid)
            return method(self, *args, **kwargs)

        notify.__wrapped__ = method
        notify.__doc__ = method.__doc__
        return notify

    # notify_all calls notify: gated once, by the outer call.
    module.Condition.notify = notifying(module.Condition.notify)
    original_notify_all = module.Condition.notify_all

    def notify_all(self):
        oid = _oid(self, cond_shared, "condition")
        if oid:
            _gate(_S_NOTIFY, oid)
        _ungate(1)
        try:
            return original_notify_all(self)
        finally:
            _ungate(-1)

    module.Condition.notify_all = notify_all

    # Event: waits while not set; the flag as its value.
    event_shared = lambda e: e._flag  # noqa: E731
    event_cls = module.Event
    _objects.watching_init(
        event_cls,
        lambda self: _objects.register(self, _bridge.OBJ_EVENT, "Event", shared_name=_objects.semlock_name(self._flag), role="event"),
    )
    original_event_wait = event_cls.wait

    def event_wait(self, timeout=None):
        oid = _oid(self, event_shared, "event")
        if oid:
            _gate(_S_WAIT, oid)
        if not oid or self.is_set():
            return original_event_wait(self, timeout)
        _wait_begin(oid, _OP_WAIT, 0)
        try:
            return original_event_wait(self, timeout)
        finally:
            _wait_end()

    event_cls.wait = event_wait
    for name, flag in (("set", 1), ("clear", 0)):
        original = getattr(event_cls, name)

        def flagged(self, _original=original, _flag=flag):
            oid = _oid(self, event_shared, "event")
            if oid and _flag:
                _gate(_S_SET, oid)
            _original(self)
            oid = _oid(self, event_shared, "event")
            if oid:
                _set_counter(oid, _C_VALUE, _flag)

        setattr(event_cls, name, flagged)

    # Barrier: waits; its parties as the value.
    barrier_shared = lambda b: b._cond._sleeping_count  # noqa: E731

    def barrier_registered(self):
        oid = _objects.register(
            self, _bridge.OBJ_BARRIER, "Barrier", shared_name=_objects.semlock_name(self._cond._sleeping_count), role="barrier"
        )
        if oid:
            _set_counter(oid, _C_VALUE, self.parties)

    _objects.watching_init(module.Barrier, barrier_registered)
    module.Barrier.wait = _waiting(module.Barrier.wait, barrier_shared, "barrier")
    original_abort = module.Barrier.abort

    def abort(self):
        oid = _oid(self, barrier_shared, "barrier")
        if oid:
            _gate(_S_ABORT, oid)
        _ungate(1)  # the Condition it takes inside is part of this one point
        try:
            return original_abort(self)
        finally:
            _ungate(-1)

    abort.__wrapped__ = original_abort
    abort.__doc__ = original_abort.__doc__
    module.Barrier.abort = abort
