"""Pool and concurrent.futures.ProcessPoolExecutor: workers, queued/running/done/failed counts and
one span per task on the pool timeline (a failed task is marked failed even when nobody calls
get() on its result).

The worker loops are the standard library's own, with the task span recorded around each call.
"""

import functools
import os

from . import _bridge, _objects, _processes

_pool_id = 0  # in a worker: the registry id of its pool
_add_counter = _bridge.add_counter


def worker(*args, **kwargs):
    """A spawned Pool worker's target, unpickled before multiprocessing.pool was imported here:
    importing it installs the watched loop (patch_pool), which then runs."""
    import multiprocessing.pool

    return multiprocessing.pool.worker(*args, **kwargs)


def _process_worker(*args, **kwargs):
    """The same for a spawned ProcessPoolExecutor worker."""
    import concurrent.futures.process

    return concurrent.futures.process._process_worker(*args, **kwargs)


_processes._pool_worker_targets.update((worker, _process_worker))


def _worker_init(pool_id, initializer, *initargs):
    """Runs first in every pool worker (picklable, so spawn and forkserver workers run it too)."""
    global _pool_id
    _pool_id = pool_id
    if pool_id:
        _bridge.prefault()  # a forked worker records every task: its page tables at once
    if initializer is not None:
        return initializer(*initargs)


def _name_of(fn):
    return getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or type(fn).__name__


# A task's counts (queued, running, done or failed) and its span, each in one C call.
_pool_task_begin = _bridge.pool_task_begin  # (pool, job, index, function) -> task id
_pool_task_end = _bridge.pool_task_end  # (pool, task id, ok)

_MAX_FAILURES = 16  # failed tasks a worker enters in the registry with their exception text
_failures = 0


def _task_failed(task_id, name, error):
    """A failed task's exception, type and message, as a registry entry of its own (label
    "Pool#<id> failure", name "py/<worker>-<task> function: Type: message"), shown beside the pool
    in the objects table while its worker lives. The first few of each worker only."""
    global _failures
    if _failures >= _MAX_FAILURES:
        return
    _failures += 1
    try:
        text = f"{type(error).__name__}: {error}"
    except Exception:  # a __str__ that fails: the type alone
        text = type(error).__name__
    text = " ".join(text.split())
    name = f"py/{os.getpid()}-{task_id} {name}: {text}"
    _bridge.register_object(_bridge.OBJ_VALUE, name[:95], f"Pool#{_pool_id} failure")


def _register_pool(self, label, processes, original_init, args, initializer_index, kwargs, initializer_key):
    """Registers the pool, then runs its constructor with the worker initializer wrapped."""
    oid = _objects.register(self, _bridge.OBJ_POOL, label)
    if oid:
        if len(args) > initializer_index:
            initializer = args[initializer_index]
            if initializer is None or callable(initializer):
                args = list(args)
                args[initializer_index] = functools.partial(_worker_init, oid, initializer)
        else:
            initializer = kwargs.get(initializer_key)
            if initializer is None or callable(initializer):
                kwargs = dict(kwargs)
                kwargs[initializer_key] = functools.partial(_worker_init, oid, initializer)
    try:
        with _objects.internal():
            original_init(self, *args, **kwargs)
    except BaseException:
        _bridge.unregister_object(oid)
        raise
    if oid:
        _bridge.set_counter(oid, _bridge.C_WORKERS, processes(self))
    return oid


def patch_pool(module):
    pool_cls = module.Pool
    original_init = pool_cls.__init__

    def __init__(self, *args, **kwargs):
        if _objects._depth() > 0 or isinstance(self, module.ThreadPool):
            self._proclab_id = 0
            return original_init(self, *args, **kwargs)
        _register_pool(self, "Pool", lambda p: p._processes, original_init, args, 1, kwargs, "initializer")

    __init__.__wrapped__ = original_init
    __init__.__doc__ = original_init.__doc__
    pool_cls.__init__ = __init__

    def worker(inqueue, outqueue, initializer=None, initargs=(), maxtasks=None, wrap_exception=False):
        if (maxtasks is not None) and not (isinstance(maxtasks, int) and maxtasks >= 1):
            raise AssertionError("Maxtasks {!r} is not valid".format(maxtasks))
        put = outqueue.put
        get = inqueue.get
        if hasattr(inqueue, "_writer"):
            inqueue._writer.close()
            outqueue._reader.close()

        if initializer is not None:
            initializer(*initargs)

        completed = 0
        while maxtasks is None or (maxtasks and completed < maxtasks):
            try:
                task = get()
            except (EOFError, OSError):
                module.util.debug("worker got EOFError or OSError -- exiting")
                break

            if task is None:
                module.util.debug("worker got sentinel -- exiting")
                break

            job, i, func, args, kwds = task
            task_id = None
            if _pool_id:
                shown = _name_of(args[0][0] if func in (module.mapstar, module.starmapstar) and args else func)
                task_id = _pool_task_begin(_pool_id, job, i or 0, shown)
            try:
                result = (True, func(*args, **kwds))
            except Exception as e:
                if task_id is not None:
                    _task_failed(task_id, shown, e)
                if wrap_exception and func is not module._helper_reraises_exception:
                    e = module.ExceptionWithTraceback(e, e.__traceback__)
                result = (False, e)
            if task_id is not None:
                _pool_task_end(_pool_id, task_id, result[0])
            try:
                put((job, i, result))
            except Exception as e:
                wrapped = module.MaybeEncodingError(e, result[1])
                module.util.debug("Possible encoding error while sending result: %s" % (wrapped))
                put((job, i, (False, wrapped)))

            task = job = result = func = args = kwds = None
            completed += 1
        module.util.debug("worker exiting after %d tasks" % completed)

    worker.__qualname__ = "worker"
    worker.__module__ = __name__
    worker.__doc__ = module.worker.__doc__
    globals()["worker"] = worker  # spawn pickles the target by name: proclab_watch._pools.worker
    module.worker = worker
    _processes._pool_worker_targets.add(worker)

    original_apply_async = pool_cls.apply_async

    def apply_async(self, *args, **kwargs):
        oid = self.__dict__.get("_proclab_id", 0)
        if oid:
            _add_counter(oid, _bridge.C_QUEUED, 1)
        try:
            return original_apply_async(self, *args, **kwargs)
        except BaseException:
            if oid:
                _add_counter(oid, _bridge.C_QUEUED, -1)
            raise

    apply_async.__wrapped__ = original_apply_async
    apply_async.__doc__ = original_apply_async.__doc__
    pool_cls.apply_async = apply_async

    original_generation = pool_cls._guarded_task_generation

    def _guarded_task_generation(self, *args, **kwargs):
        oid = self.__dict__.get("_proclab_id", 0)
        for task in original_generation(self, *args, **kwargs):
            if oid:
                _add_counter(oid, _bridge.C_QUEUED, 1)
            yield task

    pool_cls._guarded_task_generation = _guarded_task_generation

    original_wait = module.ApplyResult.wait

    def wait(self, timeout=None):
        oid = self._pool.__dict__.get("_proclab_id", 0) if self._pool is not None else 0
        if not oid or self.ready():
            return original_wait(self, timeout)
        _bridge.wait_begin(oid, _bridge.OP_GET, 0)
        try:
            return original_wait(self, timeout)
        finally:
            _bridge.wait_end()

    wait.__wrapped__ = original_wait
    module.ApplyResult.wait = wait

    # imap()/imap_unordered(): next() waits for the next result like AsyncResult.get().
    iterator = module.IMapIterator
    original_next = iterator.next

    def next(self, timeout=None):
        pool = self._pool
        oid = pool.__dict__.get("_proclab_id", 0) if pool is not None else 0
        if not oid:
            return original_next(self, timeout)
        _bridge.wait_begin(oid, _bridge.OP_GET, 0)
        try:
            return original_next(self, timeout)
        finally:
            _bridge.wait_end()

    next.__wrapped__ = original_next
    next.__doc__ = original_next.__doc__
    iterator.next = next
    iterator.__next__ = next


def patch_futures(module):
    executor_cls = module.ProcessPoolExecutor
    original_init = executor_cls.__init__

    def __init__(self, *args, **kwargs):
        if _objects._depth() > 0:
            self._proclab_id = 0
            return original_init(self, *args, **kwargs)
        _register_pool(
            self, "ProcessPoolExecutor", lambda e: e._max_workers, original_init, args, 2, kwargs, "initializer"
        )

    __init__.__wrapped__ = original_init
    __init__.__doc__ = original_init.__doc__
    executor_cls.__init__ = __init__

    original_submit = executor_cls.submit

    def submit(self, fn, /, *args, **kwargs):
        oid = self.__dict__.get("_proclab_id", 0)
        if oid:
            _add_counter(oid, _bridge.C_QUEUED, 1)
        try:
            return original_submit(self, fn, *args, **kwargs)
        except BaseException:
            if oid:
                _add_counter(oid, _bridge.C_QUEUED, -1)
            raise

    submit.__wrapped__ = original_submit
    submit.__doc__ = original_submit.__doc__
    executor_cls.submit = submit

    original_worker = module._process_worker

    def _process_worker(call_queue, result_queue, initializer, initargs, max_tasks=None):
        if initializer is not None:
            try:
                initializer(*initargs)
            except BaseException:
                module._base.LOGGER.critical("Exception in initializer:", exc_info=True)
                return
        num_tasks = 0
        exit_pid = None
        while True:
            call_item = call_queue.get(block=True)
            if call_item is None:
                result_queue.put(os.getpid())
                return

            if max_tasks is not None:
                num_tasks += 1
                if num_tasks >= max_tasks:
                    exit_pid = os.getpid()

            task_id = None
            if _pool_id:
                fn = call_item.fn
                if isinstance(fn, functools.partial) and fn.func is module._process_chunk and fn.args:
                    fn = fn.args[0]
                shown = _name_of(fn)
                task_id = _pool_task_begin(_pool_id, call_item.work_id, 0, shown)
            try:
                r = call_item.fn(*call_item.args, **call_item.kwargs)
            except BaseException as e:
                if task_id is not None:
                    _task_failed(task_id, shown, e)
                    _pool_task_end(_pool_id, task_id, False)
                exc = module._ExceptionWithTraceback(e, e.__traceback__)
                module._sendback_result(result_queue, call_item.work_id, exception=exc, exit_pid=exit_pid)
            else:
                if task_id is not None:
                    _pool_task_end(_pool_id, task_id, True)
                module._sendback_result(result_queue, call_item.work_id, result=r, exit_pid=exit_pid)
                del r

            del call_item

            if exit_pid is not None:
                return

    _process_worker.__qualname__ = "_process_worker"
    _process_worker.__module__ = __name__
    _process_worker.__doc__ = original_worker.__doc__
    globals()["_process_worker"] = _process_worker
    module._process_worker = _process_worker
    _processes._pool_worker_targets.add(_process_worker)
