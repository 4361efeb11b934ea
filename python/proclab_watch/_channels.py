"""Queue, JoinableQueue, SimpleQueue and Pipe: depth, puts and gets, bytes, and who waits on them.

A queue's depth is its puts minus its gets, counted in the registry by every process (Python's
qsize() says the same: a put counts as put() hands the message to the queue). Their put and get
are C methods of the bridge (watched_methods.cpp) around the standard ones. A Pipe's two ends share
one entry; its id travels with a connection pickled to a spawned child.
"""

from . import _bridge, _objects

_add_counter = _bridge.add_counter
_count = _bridge.count_message
_wait_begin = _bridge.wait_begin
_gate = _bridge.gate  # scheduler mode: holds the process here until it is chosen
_S_SEND = _bridge.SCHED_SEND
_S_RECV = _bridge.SCHED_RECV
_wait_end = _bridge.wait_end
_C_PUTS = _bridge.C_PUTS
_C_GETS = _bridge.C_GETS
_C_BYTES = _bridge.C_BYTES


def _queue_id(queue):
    oid = queue.__dict__.get("_proclab_id")
    if oid is None:  # unpickled in this process
        oid = _objects.lookup(queue, _objects.semlock_name(queue._rlock), "queue")
    return oid or 0


def _watched(cls, name, mode):
    """Replaces cls.<name> by the bridge's C method (MODE_QUEUE_*, MODE_SIMPLE_*) around it."""
    setattr(cls, name, _bridge.watched_python_method(getattr(cls, name), _queue_id, getattr(_bridge, mode)))


def patch_queues(module):
    from multiprocessing import synchronize

    unbounded = synchronize.SEM_VALUE_MAX

    def registrar(label):
        def on_outermost(self):
            maxsize = getattr(self, "_maxsize", unbounded)
            _objects.register(
                self,
                _bridge.OBJ_QUEUE,
                label,
                capacity=0 if maxsize >= unbounded else maxsize,
                shared_name=_objects.semlock_name(self._rlock),
                role="queue",
            )

        return on_outermost

    for cls in (module.Queue, module.JoinableQueue, module.SimpleQueue):
        _objects.watching_init(cls, registrar(cls.__name__))
        cls._proclab_id = None  # the C methods' "not looked up in this process yet"

    # put and get in C: the counts, and a wait shown only when the call will sleep (a get with no
    # message left for it, a put on a full queue; depth and capacity as the registry has them).
    _watched(module.Queue, "put", "MODE_QUEUE_PUT")
    _watched(module.JoinableQueue, "put", "MODE_QUEUE_PUT")
    _watched(module.Queue, "get", "MODE_QUEUE_GET")
    _watched(module.SimpleQueue, "put", "MODE_SIMPLE_PUT")
    _watched(module.SimpleQueue, "get", "MODE_SIMPLE_GET")

    original_join = module.JoinableQueue.join

    def join(self):
        oid = _queue_id(self)
        if not oid:
            return original_join(self)
        _wait_begin(oid, _bridge.OP_TASK_DONE, 0)
        try:
            return original_join(self)
        finally:
            _wait_end()

    join.__wrapped__ = original_join
    module.JoinableQueue.join = join


def _sending(original):
    def send(self, *args, **kwargs):
        _gate(_S_SEND, self._proclab_id)
        original(self, *args, **kwargs)
        _count(self._proclab_id, _C_PUTS)

    send.__wrapped__ = original
    send.__doc__ = original.__doc__
    return send


def _receiving(original):
    def recv(self, *args, **kwargs):
        oid = self._proclab_id
        _gate(_S_RECV, oid)
        _wait_begin(oid, _bridge.OP_RECV, 0)
        try:
            result = original(self, *args, **kwargs)
        finally:
            _wait_end()
        _count(oid, _C_GETS)
        return result

    recv.__wrapped__ = original
    recv.__doc__ = original.__doc__
    return recv


def _counting_bytes(original):
    def _send_bytes(self, buf):
        _add_counter(self._proclab_id, _C_BYTES, memoryview(buf).nbytes)
        return original(self, buf)

    return _send_bytes


def _watch(connection, oid):
    """Watches one end of a program's Pipe: its own bound methods, as multiprocessing binds a
    lock's; every other connection (a Queue's pipe, its feeder thread) keeps the class's methods
    untouched and pays nothing."""
    import functools
    import weakref

    connection._proclab_id = oid
    if not oid:
        return
    cls = type(connection)
    for name, wrap in (
        ("send", _sending),
        ("send_bytes", _sending),
        ("recv", _receiving),
        ("recv_bytes", _receiving),
        ("recv_bytes_into", _receiving),
        ("_send_bytes", _counting_bytes),
    ):
        # Bound to a weak proxy: no reference cycle, so the end still closes when the program drops it.
        setattr(connection, name, functools.partial(wrap(getattr(cls, name)), weakref.proxy(connection)))


def _rebuild_with_id(rebuild, args, oid):
    """Unpickles a watched connection in a spawned child, keeping its registry id."""
    connection = rebuild(*args)
    _watch(connection, oid)
    return connection


def patch_connection(module):
    base = module._ConnectionBase
    base._proclab_id = 0  # unwatched (a Queue's own pipe, a Listener's connection)
    connection_cls = module.Connection
    original_pipe = module.Pipe

    def Pipe(duplex=True):
        first, second = original_pipe(duplex)
        if _objects._depth() == 0:
            oid = _objects.register(first, _bridge.OBJ_PIPE, "Pipe" if duplex else "Pipe (one-way)")
            _watch(first, oid)
            _watch(second, oid)
        return first, second

    Pipe.__wrapped__ = original_pipe
    Pipe.__doc__ = original_pipe.__doc__
    module.Pipe = Pipe

    original_reduce = getattr(module, "reduce_connection", None)
    if original_reduce is not None:

        def reduce_connection(connection):
            rebuild, args = original_reduce(connection)
            oid = connection._proclab_id
            if not oid:
                return rebuild, args
            return _rebuild_with_id, (rebuild, args, oid)

        module.reduce_connection = reduce_connection
        module.reduction.register(connection_cls, reduce_connection)
