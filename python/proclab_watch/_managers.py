"""Manager: its server process (labelled manager) and the shared objects it holds — each
registered by the server under a key that every proxy can compute from its token, so that a
process calling get(), put(), acquire(), wait() or join() through a proxy is shown blocked on the
object, a manager queue shows its depth, and a manager list or dict its size."""

import functools
import zlib

from . import _bridge, _objects

_KINDS = {
    "Queue": "OBJ_QUEUE",
    "JoinableQueue": "OBJ_QUEUE",
    "Lock": "OBJ_LOCK",
    "RLock": "OBJ_RLOCK",
    "Semaphore": "OBJ_SEMAPHORE",
    "BoundedSemaphore": "OBJ_BOUNDED_SEMAPHORE",
    "Condition": "OBJ_CONDITION",
    "Event": "OBJ_EVENT",
    "Barrier": "OBJ_BARRIER",
    "Value": "OBJ_VALUE",
    "Array": "OBJ_ARRAY",
    "list": "OBJ_VALUE",
    "dict": "OBJ_VALUE",
    "Namespace": "OBJ_VALUE",
}
_WAITS = {
    "get": "OP_GET",
    "put": "OP_PUT",
    "acquire": "OP_ACQUIRE",
    "wait": "OP_WAIT",
    "wait_for": "OP_WAIT",
    "join": "OP_TASK_DONE",
}


def _key(address, ident):
    return "py/mgr/%08x/%s" % (zlib.crc32(repr(address).encode()), ident)


def _count_calls(obj, oid):
    """A manager queue's puts and gets, counted in the server where they happen."""
    for name, counter in (("put", _bridge.C_PUTS), ("put_nowait", _bridge.C_PUTS),
                          ("get", _bridge.C_GETS), ("get_nowait", _bridge.C_GETS)):
        original = getattr(obj, name, None)
        if original is None:
            continue

        def counted(*args, _original=original, _counter=counter, **kwargs):
            result = _original(*args, **kwargs)
            _bridge.add_counter(oid, _counter, 1)
            return result

        try:
            setattr(obj, name, counted)
        except AttributeError:
            return


def _sized(cls, mutators):
    """A list or dict whose size the server shows: the registry value and the label
    ("Manager list (3)") follow every call that may change it. Unpickled as the plain type, so a
    copy a client asks for (_getvalue) is the type it expects."""
    base = cls.__bases__[0]

    def show_size(self):
        oid = self.__dict__.get("_proclab_oid")
        if oid:
            n = len(self)
            if n != self.__dict__.get("_proclab_size"):
                self._proclab_size = n
                _bridge.set_counter(oid, _bridge.C_VALUE, n)
                _bridge.set_label(oid, "Manager %s (%d)" % (base.__name__, n))

    def mutating(name):
        original = getattr(base, name)

        def method(self, *args, **kwargs):
            try:
                return original(self, *args, **kwargs)
            finally:
                show_size(self)

        method.__name__ = name
        return method

    for name in mutators:
        setattr(cls, name, mutating(name))
    cls._proclab_show_size = show_size
    cls.__reduce__ = lambda self: (base, (base(self),))
    return cls


@functools.partial(_sized, mutators=("append", "extend", "insert", "pop", "remove", "clear", "__setitem__",
                                     "__delitem__", "__iadd__", "__imul__"))
class _List(list):
    pass


@functools.partial(_sized, mutators=("__setitem__", "__delitem__", "pop", "popitem", "clear", "update",
                                     "setdefault"))
class _Dict(dict):
    pass


_SIZED = {"list": _List, "dict": _Dict}


def patch_managers(module):
    # The server makes its lists and dicts as the sized kinds above (same methods and results).
    registry = module.SyncManager._registry
    for typeid, sized in _SIZED.items():
        if typeid in registry and registry[typeid][0] is sized.__bases__[0]:
            registry[typeid] = (sized,) + tuple(registry[typeid][1:])

    cls = module.BaseManager
    original_start = cls.start

    def start(self, *args, **kwargs):
        with _objects.internal():  # its own pipe is not the program's
            result = original_start(self, *args, **kwargs)
        if getattr(self, "_process", None) is not None:
            _objects.register(self, _bridge.OBJ_MANAGER, type(self).__name__)
        return result

    start.__wrapped__ = original_start
    cls.start = start

    server = module.Server
    original_create = server.create
    original_decref = server.decref

    def create(self, c, typeid, /, *args, **kwds):
        ident, exposed = original_create(self, c, typeid, *args, **kwds)
        kind = _KINDS.get(typeid)
        if kind is not None:
            oid = _bridge.register_object(getattr(_bridge, kind), _key(self.address, ident), "Manager " + typeid)
            if oid:
                registered = self.__dict__.setdefault("_proclab_ids", {})
                registered[ident] = oid
                obj = self.id_to_obj[ident][0]
                if kind == "OBJ_QUEUE":
                    _count_calls(obj, oid)
                elif isinstance(obj, (_List, _Dict)):
                    obj._proclab_oid = oid
                    obj._proclab_show_size()
        return ident, exposed

    def decref(self, c, ident):
        original_decref(self, c, ident)
        registered = self.__dict__.get("_proclab_ids", {})
        if ident in registered and ident not in self.id_to_obj:
            _bridge.unregister_object(registered.pop(ident))

    create.__wrapped__ = original_create
    decref.__wrapped__ = original_decref
    server.create = create
    server.decref = decref

    proxy = module.BaseProxy
    original_call = proxy._callmethod

    def _callmethod(self, methodname, args=(), kwds={}):
        op = _WAITS.get(methodname)
        if op is None and methodname != "release":
            return original_call(self, methodname, args, kwds)
        oid = self.__dict__.get("_proclab_id")
        if oid is None:
            token = self._token
            oid = self._proclab_id = _bridge.find_object(_key(token.address, token.id))
        if not oid:
            return original_call(self, methodname, args, kwds)
        if methodname == "acquire":
            _bridge.wait_begin(oid, getattr(_bridge, op), 0)
            try:
                result = original_call(self, methodname, args, kwds)
            finally:
                _bridge.wait_end()
            if result:
                _bridge.set_counter(oid, _bridge.C_OWNER, _objects.pid)
            return result
        if methodname == "release":
            _bridge.set_counter(oid, _bridge.C_OWNER, 0)
            return original_call(self, methodname, args, kwds)
        _bridge.wait_begin(oid, getattr(_bridge, op), 0)
        try:
            return original_call(self, methodname, args, kwds)
        finally:
            _bridge.wait_end()

    _callmethod.__wrapped__ = original_call
    proxy._callmethod = _callmethod
