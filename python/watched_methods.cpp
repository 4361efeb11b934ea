#include "watched_methods.h"

#include <pybind11/stl.h>

#include <proclab/detail/monitor.h>

#include "session/monitor_bridge.h"
#include "session/registry_layout.h"

#include <Python.h>
#include <structmember.h>

#include <algorithm>
#include <cstddef>
#include <pthread.h>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

namespace proclab::python {

namespace {

namespace monitor = proclab::detail::monitor;
namespace registry = proclab::detail::registry;
using proclab::ObjectId;
using proclab::SchedOp;
using proclab::WaitOp;

/// Directories whose code is not the learner's: the standard library and this package (set by
/// set_library_dirs(); each ends with '/').
std::vector<std::string> g_library_dirs;

bool library_file(const char* file) noexcept
{
    if (!file || file[0] == '<') // "<frozen runpy>", "<string>"
        return true;
    const std::string_view f(file);
    return std::any_of(g_library_dirs.begin(), g_library_dirs.end(),
                       [f](const std::string& dir) { return f.starts_with(dir); });
}

/// The line the program is at: that of the innermost frame of the learner's own code (0 when
/// there is none, e.g. in the bootstrap of a process).
std::uint32_t script_line()
{
    PyFrameObject* f = PyEval_GetFrame(); // borrowed
    Py_XINCREF(f);
    std::uint32_t line = 0;
    while (f && line == 0) {
        PyCodeObject* code = PyFrame_GetCode(f);
        const char* file = PyUnicode_AsUTF8(code->co_filename);
        if (!file)
            PyErr_Clear();
        if (!library_file(file))
            line = static_cast<std::uint32_t>(std::max(PyFrame_GetLineNumber(f), 0));
        Py_DECREF(code);
        PyFrameObject* back = PyFrame_GetBack(f);
        Py_DECREF(f);
        f = back;
    }
    Py_XDECREF(f);
    return line;
}

/// In scheduler mode, holds this process before `op` until the scheduler lets it go, with the GIL
/// released (the process's other threads, the queue feeder among them, keep running). The point's
/// line is `line`, else the script's line the call comes from.
inline void py_gate(SchedOp op, ObjectId object, pid_t target = 0, std::uint32_t line = 0)
{
    if (!monitor::gated()) [[likely]]
        return;
    if (line == 0)
        line = script_line();
    Py_BEGIN_ALLOW_THREADS monitor::gate_slow(op, object, target, line);
    Py_END_ALLOW_THREADS
}

enum Mode : int { LockAcquire, LockRelease, RLockRelease, SemaphoreAcquire, SemaphoreRelease };

pid_t g_pid = ::getpid(); // this process (refreshed in a forked child)

/// The C implementation behind `type(semlock).name`, when it is a plain method descriptor.
PyMethodDef* c_method(PyObject* semlock, const char* name)
{
    PyObject* descr = PyObject_GetAttrString(reinterpret_cast<PyObject*>(Py_TYPE(semlock)), name);
    if (!descr)
        throw pybind11::error_already_set();
    PyMethodDef* def = nullptr;
    if (Py_IS_TYPE(descr, &PyMethodDescr_Type))
        def = reinterpret_cast<PyMethodDescrObject*>(descr)->d_method;
    Py_DECREF(descr);
    if (!def)
        throw std::invalid_argument(std::string("SemLock.") + name + " is not a C method");
    return def;
}

// The state a watched method carries: its SemLock, the C methods it calls, the registry id.
struct Watched {
    PyObject_HEAD PyObject* semlock;
    PyMethodDef* acquire;
    PyMethodDef* release;
    PyMethodDef* count;
    PyMethodDef* value;
    unsigned object;
    int mode;
};

void watched_dealloc(PyObject* self)
{
    Py_XDECREF(reinterpret_cast<Watched*>(self)->semlock);
    PyTypeObject* type = Py_TYPE(self);
    type->tp_free(self);
    Py_DECREF(type);
}

PyType_Slot g_slots[] = {{Py_tp_dealloc, reinterpret_cast<void*>(watched_dealloc)}, {0, nullptr}};
PyType_Spec g_spec = {"proclab_watch._bridge.WatchedState", sizeof(Watched), 0, Py_TPFLAGS_DEFAULT, g_slots};
PyTypeObject* g_type = nullptr;

PyObject* call(PyMethodDef* def, PyObject* self, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames)
{
    const int flags = def->ml_flags & ~(METH_CLASS | METH_STATIC | METH_COEXIST);
    if (flags == (METH_FASTCALL | METH_KEYWORDS))
        return reinterpret_cast<_PyCFunctionFastWithKeywords>(reinterpret_cast<void (*)(void)>(def->ml_meth))(
            self, args, nargs, kwnames);
    if (flags == METH_NOARGS && nargs == 0 && !kwnames)
        return def->ml_meth(self, nullptr);
    // Another calling convention: through a bound method (slower, still correct).
    PyObject* bound = PyObject_GetAttrString(self, def->ml_name);
    if (!bound)
        return nullptr;
    PyObject* r = PyObject_Vectorcall(bound, args, static_cast<size_t>(nargs), kwnames);
    Py_DECREF(bound);
    return r;
}

/// True when an acquire call asks to block (its `block` argument, positional or keyword).
bool wants_to_block(PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames)
{
    PyObject* block = nargs >= 1 ? args[0] : nullptr;
    if (!block && kwnames)
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(kwnames); ++i)
            if (PyUnicode_CompareWithASCIIString(PyTuple_GET_ITEM(kwnames, i), "block") == 0)
                block = args[nargs + i];
    return !block || PyObject_IsTrue(block) == 1;
}

void after_change(const Watched& w, bool acquired)
{
    if (w.mode == SemaphoreAcquire || w.mode == SemaphoreRelease) {
        if (PyObject* v = w.value->ml_meth(w.semlock, nullptr)) {
            monitor::set_counter(w.object, registry::kValue, PyLong_AsLongLong(v));
            Py_DECREF(v);
        } else {
            PyErr_Clear();
        }
    } else if (acquired) {
        monitor::set_counter(w.object, registry::kOwner, g_pid);
    }
}

PyObject* watched_call(PyObject* self_obj, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames)
{
    Watched& w = *reinterpret_cast<Watched*>(self_obj);
    switch (w.mode) {
    case LockAcquire:
    case SemaphoreAcquire: {
        py_gate(SchedOp::Acquire, w.object);
        PyObject* no = Py_False;
        PyObject* got = call(w.acquire, w.semlock, &no, 1, nullptr); // uncontended: no wait shown
        if (!got)
            return nullptr;
        if (got == Py_True) {
            after_change(w, true);
            return got;
        }
        Py_DECREF(got);
        if (!wants_to_block(args, nargs, kwnames))
            return call(w.acquire, w.semlock, args, nargs, kwnames); // non-blocking: its own answer
        auto* waiting = new monitor::Blocked(w.object, WaitOp::Acquire);
        got = call(w.acquire, w.semlock, args, nargs, kwnames);
        delete waiting;
        if (got == Py_True)
            after_change(w, true);
        return got;
    }
    case LockRelease:
    case RLockRelease: {
        py_gate(SchedOp::Release, w.object);
        bool last = true;
        if (w.mode == RLockRelease) {
            PyObject* n = w.count->ml_meth(w.semlock, nullptr);
            if (!n)
                return nullptr;
            last = PyLong_AsLong(n) == 1;
            Py_DECREF(n);
        }
        if (last) // before the release: the next holder's store must not be overwritten
            monitor::set_counter(w.object, registry::kOwner, 0);
        return call(w.release, w.semlock, args, nargs, kwnames);
    }
    case SemaphoreRelease: {
        py_gate(SchedOp::Release, w.object);
        PyObject* r = call(w.release, w.semlock, args, nargs, kwnames);
        if (r)
            after_change(w, false);
        return r;
    }
    }
    PyErr_SetString(PyExc_SystemError, "proclab_watch: bad watched method");
    return nullptr;
}

// ---- the hot hooks as plain C functions (a pybind11 call costs several times more) ----------

thread_local std::vector<monitor::Blocked*> t_waits; // this thread's waits, innermost last

bool int_args(const char* fn, PyObject* const* args, Py_ssize_t nargs, Py_ssize_t min, Py_ssize_t max, long long* out)
{
    if (nargs < min || nargs > max) {
        PyErr_Format(PyExc_TypeError, "%s takes %zd to %zd arguments (%zd given)", fn, min, max, nargs);
        return false;
    }
    for (Py_ssize_t i = 0; i < nargs; ++i) {
        out[i] = PyLong_AsLongLong(args[i]);
        if (out[i] == -1 && PyErr_Occurred())
            return false;
    }
    return true;
}

PyObject* fast_add_counter(PyObject*, PyObject* const* args, Py_ssize_t nargs)
{
    long long a[3];
    if (!int_args("add_counter", args, nargs, 3, 3, a))
        return nullptr;
    monitor::add_counter(static_cast<ObjectId>(a[0]), static_cast<unsigned>(a[1]), a[2]);
    Py_RETURN_NONE;
}

// A message put (counter kPuts) or got (kGets): the count, and a sampled Put/Get event for the
// queue plots' producers and consumers (as the C++ queues record them).
PyObject* fast_count_message(PyObject*, PyObject* const* args, Py_ssize_t nargs)
{
    long long a[2];
    if (!int_args("count_message", args, nargs, 2, 2, a))
        return nullptr;
    const auto id = static_cast<ObjectId>(a[0]);
    const auto counter = static_cast<unsigned>(a[1]);
    monitor::add_counter(id, counter, 1);
    if (monitor::sample())
        monitor::record_sampled(id, counter == registry::kPuts ? proclab::EventKind::Put : proclab::EventKind::Get, 0);
    Py_RETURN_NONE;
}

PyObject* fast_set_counter(PyObject*, PyObject* const* args, Py_ssize_t nargs)
{
    long long a[3];
    if (!int_args("set_counter", args, nargs, 3, 3, a))
        return nullptr;
    monitor::set_counter(static_cast<ObjectId>(a[0]), static_cast<unsigned>(a[1]), a[2]);
    Py_RETURN_NONE;
}

PyObject* fast_wait_begin(PyObject*, PyObject* const* args, Py_ssize_t nargs)
{
    long long a[3] = {0, 0, 0};
    if (!int_args("wait_begin", args, nargs, 2, 3, a))
        return nullptr;
    t_waits.push_back(
        new monitor::Blocked(static_cast<ObjectId>(a[0]), static_cast<WaitOp>(a[1]), static_cast<pid_t>(a[2])));
    Py_RETURN_NONE;
}

PyObject* fast_gate(PyObject*, PyObject* const* args, Py_ssize_t nargs)
{
    long long a[4] = {0, 0, 0, 0};
    if (!int_args("gate", args, nargs, 2, 4, a))
        return nullptr;
    py_gate(static_cast<SchedOp>(a[0]), static_cast<ObjectId>(a[1]), static_cast<pid_t>(a[2]),
            static_cast<std::uint32_t>(std::max(a[3], 0LL)));
    Py_RETURN_NONE;
}

// While a Condition's or Barrier's wait runs, the locks it takes and releases inside are not
// points of their own: the wait is one point (as a C++ Condition's wait is).
PyObject* fast_ungate(PyObject*, PyObject* const* args, Py_ssize_t nargs)
{
    long long a[1] = {0};
    if (!int_args("ungate", args, nargs, 1, 1, a))
        return nullptr;
    monitor::t_ungated += a[0] > 0 ? 1 : -1;
    Py_RETURN_NONE;
}

PyObject* fast_wait_end(PyObject*, PyObject* const*, Py_ssize_t)
{
    if (!t_waits.empty()) {
        delete t_waits.back();
        t_waits.pop_back();
    }
    Py_RETURN_NONE;
}

PyObject* fast_task_begin(PyObject*, PyObject* const* args, Py_ssize_t nargs)
{
    long long a[2];
    if (nargs != 3 || !int_args("task_begin", args, 2, 2, 2, a))
        return nargs != 3 ? PyErr_Format(PyExc_TypeError, "task_begin takes 3 arguments") : nullptr;
    Py_ssize_t size = 0;
    const char* fn = PyUnicode_AsUTF8AndSize(args[2], &size);
    if (!fn)
        return nullptr;
    monitor::task_begin(static_cast<ObjectId>(a[0]), static_cast<std::uint64_t>(a[1]),
                        std::string_view(fn, static_cast<std::size_t>(size)));
    Py_RETURN_NONE;
}

PyObject* fast_task_end(PyObject*, PyObject* const* args, Py_ssize_t nargs)
{
    long long a[3];
    if (!int_args("task_end", args, nargs, 3, 3, a))
        return nullptr;
    monitor::task_end(static_cast<ObjectId>(a[0]), static_cast<std::uint64_t>(a[1]), static_cast<int>(a[2]));
    Py_RETURN_NONE;
}

// A pool task in a worker: the pool's queued/running gauges and the task's span, in one call.
PyObject* fast_pool_task_begin(PyObject*, PyObject* const* args, Py_ssize_t nargs)
{
    long long a[3];
    if (nargs != 4 || !int_args("pool_task_begin", args, 3, 3, 3, a))
        return nargs != 4 ? PyErr_Format(PyExc_TypeError, "pool_task_begin takes 4 arguments") : nullptr;
    Py_ssize_t size = 0;
    const char* fn = PyUnicode_AsUTF8AndSize(args[3], &size);
    if (!fn)
        return nullptr;
    const auto pool = static_cast<ObjectId>(a[0]);
    const auto task_id = (static_cast<std::uint64_t>(a[1]) << 20) | (static_cast<std::uint64_t>(a[2]) & 0xFFFFF);
    monitor::add_counter(pool, registry::kQueued, -1);
    monitor::add_counter(pool, registry::kRunning, 1);
    monitor::task_begin(pool, task_id, std::string_view(fn, std::min<std::size_t>(static_cast<std::size_t>(size), 47)));
    return PyLong_FromUnsignedLongLong(task_id);
}

PyObject* fast_pool_task_end(PyObject*, PyObject* const* args, Py_ssize_t nargs)
{
    long long a[3];
    if (!int_args("pool_task_end", args, nargs, 3, 3, a))
        return nullptr;
    const auto pool = static_cast<ObjectId>(a[0]);
    monitor::add_counter(pool, registry::kRunning, -1);
    monitor::add_counter(pool, a[2] ? registry::kDone : registry::kFailed, 1);
    monitor::task_end(pool, static_cast<std::uint64_t>(a[1]), a[2] ? 0 : 1);
    Py_RETURN_NONE;
}

template <PyObject* (*F)(PyObject*, PyObject* const*, Py_ssize_t)>
PyCFunction fastcall()
{
    return reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)(void)>(F));
}

PyMethodDef g_fast_defs[] = {
    {"add_counter", fastcall<fast_add_counter>(), METH_FASTCALL, "add_counter(id, counter, delta)"},
    {"set_counter", fastcall<fast_set_counter>(), METH_FASTCALL, "set_counter(id, counter, value)"},
    {"count_message", fastcall<fast_count_message>(), METH_FASTCALL,
     "count_message(id, C_PUTS or C_GETS): one message put or got, with a sampled event"},
    {"wait_begin", fastcall<fast_wait_begin>(), METH_FASTCALL,
     "wait_begin(object, op, pid=0): this thread now waits (on the object, or on child pid for a join)"},
    {"wait_end", fastcall<fast_wait_end>(), METH_FASTCALL, "wait_end(): the innermost wait of this thread is over"},
    {"gate", fastcall<fast_gate>(), METH_FASTCALL,
     "gate(op, object, pid=0, line=0): in scheduler mode, waits here until the scheduler lets this process do "
     "op (line: the script's line of the point; 0: the innermost frame outside the library)"},
    {"ungate", fastcall<fast_ungate>(), METH_FASTCALL,
     "ungate(1) / ungate(-1): this thread passes scheduler points without stopping (nests)"},
    {"task_begin", fastcall<fast_task_begin>(), METH_FASTCALL, "task_begin(pool, task_id, function_name)"},
    {"task_end", fastcall<fast_task_end>(), METH_FASTCALL, "task_end(pool, task_id, outcome: 0 ok, 1 error)"},
    {"pool_task_begin", fastcall<fast_pool_task_begin>(), METH_FASTCALL,
     "pool_task_begin(pool, job, index, function_name): a worker starts a task (counts and span); its task id"},
    {"pool_task_end", fastcall<fast_pool_task_end>(), METH_FASTCALL,
     "pool_task_end(pool, task_id, ok): the task ended (counts and span)"},
};

// ---- watched Python methods in C: Queue/SimpleQueue put and get -------------------------------
// A method descriptor (as a Python function is one: no bound method is made for a call) that runs
// the standard method and records around it what the Python wrapper recorded, at a fraction of its
// cost. A wait is shown only when the call will sleep: a get with no message left for it, a put on
// a full queue (as the C++ queues show theirs).

enum MethodMode : int { QueuePut, QueueGet, SimplePut, SimpleGet };

struct WatchedMethod {
    PyObject_HEAD vectorcallfunc vectorcall;
    PyObject* original; // the standard method, self first
    PyObject* helper;   // helper(self): the queue's id, on its first use in a process
    int mode;
};

PyObject* g_id_attr = nullptr; // "_proclab_id" (None on the class: not yet known in this process)

/// The queue's registry id (0: not shown; an error in the lookup leaves it unshown).
ObjectId queue_id(const WatchedMethod& m, PyObject* self)
{
    PyObject* v = PyObject_GetAttr(self, g_id_attr);
    if (v == Py_None) {
        Py_DECREF(v);
        v = PyObject_CallOneArg(m.helper, self);
    }
    const long long id = v ? PyLong_AsLongLong(v) : -1;
    Py_XDECREF(v);
    if (id == -1 && PyErr_Occurred()) {
        PyErr_Clear();
        return kNoObject;
    }
    return static_cast<ObjectId>(id);
}

/// The truth of argument `name` (position `pos` counting self), true when absent.
bool flag_arg(PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames, Py_ssize_t pos, const char* name)
{
    PyObject* v = nargs > pos ? args[pos] : nullptr;
    if (!v && kwnames)
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(kwnames); ++i)
            if (PyUnicode_CompareWithASCIIString(PyTuple_GET_ITEM(kwnames, i), name) == 0)
                v = args[nargs + i];
    if (!v)
        return true;
    const int truth = PyObject_IsTrue(v);
    if (truth < 0)
        PyErr_Clear(); // the standard method reports it
    return truth != 0;
}

std::int64_t depth(ObjectId id)
{
    return monitor::counter(id, registry::kPuts) - monitor::counter(id, registry::kGets);
}

// A queue's getters inside get() (all processes), kept in a counter queues do not otherwise use: a
// get waits when the messages there are do not outnumber the getters that came before it.
constexpr unsigned kGetters = registry::kRunning;

/// Calls the standard get, shown waiting on `id` when it will sleep (and `block`).
PyObject* call_get(const WatchedMethod& m, PyObject* const* args, size_t nargsf, PyObject* kwnames, bool block,
                   ObjectId id)
{
    const std::int64_t before = monitor::fetch_add_counter(id, kGetters, 1);
    PyObject* r = nullptr;
    if (block && depth(id) <= before) {
        monitor::Blocked shown(id, WaitOp::Get);
        r = PyObject_Vectorcall(m.original, args, nargsf, kwnames);
    } else {
        r = PyObject_Vectorcall(m.original, args, nargsf, kwnames);
    }
    monitor::add_counter(id, kGetters, -1);
    return r;
}

/// Calls the standard method, shown waiting (`op`) on `id` while it runs when `waits`.
PyObject* call_original(const WatchedMethod& m, PyObject* const* args, size_t nargsf, PyObject* kwnames, bool waits,
                        ObjectId id, WaitOp op)
{
    if (!waits)
        return PyObject_Vectorcall(m.original, args, nargsf, kwnames);
    monitor::Blocked shown(id, op);
    return PyObject_Vectorcall(m.original, args, nargsf, kwnames);
}

/// One message put (kPuts) or got (kGets), with a sampled Put/Get event as the C++ queues record.
void count(ObjectId id, unsigned counter)
{
    monitor::add_counter(id, counter, 1);
    if (monitor::sample())
        monitor::record_sampled(id, counter == registry::kPuts ? proclab::EventKind::Put : proclab::EventKind::Get, 0);
}

/// A put, counted before the standard put runs (and taken back when it fails) unless it waits for
/// room: once the put has woken the queue's feeder thread, whatever this thread still does holding
/// the GIL delays the feeder, and the getter waiting on it.
PyObject* call_put(const WatchedMethod& m, PyObject* const* args, size_t nargsf, PyObject* kwnames, bool may_wait,
                   ObjectId id)
{
    const std::uint64_t cap = monitor::capacity(id);
    if (cap && may_wait && depth(id) >= static_cast<std::int64_t>(cap)) {
        PyObject* r = call_original(m, args, nargsf, kwnames, true, id, WaitOp::Put);
        if (r)
            count(id, registry::kPuts);
        return r;
    }
    count(id, registry::kPuts);
    PyObject* r = PyObject_Vectorcall(m.original, args, nargsf, kwnames);
    if (!r)
        monitor::add_counter(id, registry::kPuts, -1);
    return r;
}

PyObject* method_vectorcall(PyObject* callable, PyObject* const* args, size_t nargsf, PyObject* kwnames)
{
    const WatchedMethod& m = *reinterpret_cast<WatchedMethod*>(callable);
    const Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    if (nargs < 1 || !monitor::attached())
        return PyObject_Vectorcall(m.original, args, nargsf, kwnames);
    const ObjectId id = queue_id(m, args[0]);
    if (id == kNoObject)
        return PyObject_Vectorcall(m.original, args, nargsf, kwnames);
    py_gate(m.mode == QueuePut || m.mode == SimplePut ? SchedOp::Put : SchedOp::Get, id);
    switch (m.mode) {
    case QueuePut:
        return call_put(m, args, nargsf, kwnames, flag_arg(args, nargs, kwnames, 2, "block"), id);
    case SimplePut:
        return call_put(m, args, nargsf, kwnames, false, id);
    case QueueGet:
    case SimpleGet: {
        const bool block = m.mode == SimpleGet || flag_arg(args, nargs, kwnames, 1, "block");
        PyObject* r = call_get(m, args, nargsf, kwnames, block, id);
        if (r)
            count(id, registry::kGets);
        return r;
    }
    default:
        return PyObject_Vectorcall(m.original, args, nargsf, kwnames);
    }
}

PyObject* method_get(PyObject* self, PyObject* obj, PyObject*)
{
    if (!obj || obj == Py_None)
        return Py_NewRef(self);
    return PyMethod_New(self, obj);
}

/// Names, documentation and the rest as the standard method has them (its __name__, __doc__, ...).
PyObject* method_getattro(PyObject* self, PyObject* name)
{
    PyObject* original = reinterpret_cast<WatchedMethod*>(self)->original;
    for (const char* own : {"__doc__", "__name__", "__qualname__", "__module__"})
        if (PyUnicode_CompareWithASCIIString(name, own) == 0)
            return PyObject_GetAttr(original, name);
    PyObject* r = PyObject_GenericGetAttr(self, name);
    if (r || !PyErr_ExceptionMatches(PyExc_AttributeError))
        return r;
    PyErr_Clear();
    return PyObject_GetAttr(original, name);
}

int method_traverse(PyObject* self, visitproc visit, void* arg)
{
    auto* m = reinterpret_cast<WatchedMethod*>(self);
    Py_VISIT(m->original);
    Py_VISIT(m->helper);
    Py_VISIT(Py_TYPE(self));
    return 0;
}

int method_clear(PyObject* self)
{
    auto* m = reinterpret_cast<WatchedMethod*>(self);
    Py_CLEAR(m->original);
    Py_CLEAR(m->helper);
    return 0;
}

void method_dealloc(PyObject* self)
{
    PyObject_GC_UnTrack(self);
    method_clear(self);
    PyTypeObject* type = Py_TYPE(self);
    type->tp_free(self);
    Py_DECREF(type);
}

PyMemberDef g_method_members[] = {
    {"__vectorcalloffset__", T_PYSSIZET, offsetof(WatchedMethod, vectorcall), READONLY, nullptr},
    {"__wrapped__", T_OBJECT, offsetof(WatchedMethod, original), READONLY, "The standard method."},
    {nullptr, 0, 0, 0, nullptr},
};

PyType_Slot g_method_slots[] = {
    {Py_tp_dealloc, reinterpret_cast<void*>(method_dealloc)},
    {Py_tp_traverse, reinterpret_cast<void*>(method_traverse)},
    {Py_tp_clear, reinterpret_cast<void*>(method_clear)},
    {Py_tp_descr_get, reinterpret_cast<void*>(method_get)},
    {Py_tp_getattro, reinterpret_cast<void*>(method_getattro)},
    {Py_tp_call, reinterpret_cast<void*>(PyVectorcall_Call)},
    {Py_tp_members, g_method_members},
    {0, nullptr},
};
PyType_Spec g_method_spec = {"proclab_watch._bridge.WatchedMethod", sizeof(WatchedMethod), 0,
                             Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_METHOD_DESCRIPTOR |
                                 Py_TPFLAGS_HAVE_VECTORCALL,
                             g_method_slots};
PyTypeObject* g_method_type = nullptr;

PyMethodDef g_call_def = {"watched", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)(void)>(watched_call)),
                          METH_FASTCALL | METH_KEYWORDS, "A watched acquire or release."};

} // namespace

void add_watched_methods(pybind11::module_& m)
{
    g_type = reinterpret_cast<PyTypeObject*>(PyType_FromSpec(&g_spec));
    if (!g_type)
        throw pybind11::error_already_set();
    pthread_atfork(nullptr, nullptr, [] { g_pid = ::getpid(); });
    for (PyMethodDef& def : g_fast_defs) {
        PyObject* fn = PyCFunction_NewEx(&def, nullptr, m.attr("__name__").ptr());
        if (!fn)
            throw pybind11::error_already_set();
        m.attr(def.ml_name) = pybind11::reinterpret_steal<pybind11::object>(fn);
    }
    m.def(
        "set_library_dirs",
        [](const std::vector<std::string>& dirs) {
            g_library_dirs.clear();
            for (std::string d : dirs) {
                if (d.empty())
                    continue;
                if (d.back() != '/')
                    d += '/';
                g_library_dirs.push_back(std::move(d));
            }
        },
        pybind11::arg("dirs"),
        "set_library_dirs(dirs): code under these directories is not the program's own: a held "
        "process's line is that of the innermost frame outside them");
    m.attr("MODE_LOCK_ACQUIRE") = static_cast<int>(LockAcquire);
    m.attr("MODE_LOCK_RELEASE") = static_cast<int>(LockRelease);
    m.attr("MODE_RLOCK_RELEASE") = static_cast<int>(RLockRelease);
    m.attr("MODE_SEMAPHORE_ACQUIRE") = static_cast<int>(SemaphoreAcquire);
    m.attr("MODE_SEMAPHORE_RELEASE") = static_cast<int>(SemaphoreRelease);
    g_method_type = reinterpret_cast<PyTypeObject*>(PyType_FromSpec(&g_method_spec));
    g_id_attr = PyUnicode_InternFromString("_proclab_id");
    if (!g_method_type || !g_id_attr)
        throw pybind11::error_already_set();
    m.attr("MODE_QUEUE_PUT") = static_cast<int>(QueuePut);
    m.attr("MODE_QUEUE_GET") = static_cast<int>(QueueGet);
    m.attr("MODE_SIMPLE_PUT") = static_cast<int>(SimplePut);
    m.attr("MODE_SIMPLE_GET") = static_cast<int>(SimpleGet);
    m.def(
        "watched_python_method",
        [](pybind11::handle original, pybind11::handle helper, int mode) {
            if (mode < QueuePut || mode > SimpleGet)
                throw std::invalid_argument("watched_python_method: mode " + std::to_string(mode) +
                                            " is not a MODE_QUEUE_* or MODE_SIMPLE_*");
            auto* w = PyObject_GC_New(WatchedMethod, g_method_type);
            if (!w)
                throw pybind11::error_already_set();
            w->vectorcall = method_vectorcall;
            w->original = original.inc_ref().ptr();
            w->helper = helper.inc_ref().ptr();
            w->mode = mode;
            PyObject_GC_Track(w);
            return pybind11::reinterpret_steal<pybind11::object>(reinterpret_cast<PyObject*>(w));
        },
        "A method (for a class) running `original` and recording a queue's puts, gets and waits "
        "(MODE_QUEUE_*, MODE_SIMPLE_*); `helper(self)` gives the queue's id when its _proclab_id is None.");
    m.def(
        "watched_method",
        [](pybind11::handle semlock, unsigned object, int mode) {
            if (mode < LockAcquire || mode > SemaphoreRelease)
                throw std::invalid_argument("watched_method: mode " + std::to_string(mode) + " is not a MODE_*");
            auto* w = PyObject_New(Watched, g_type);
            if (!w)
                throw pybind11::error_already_set();
            w->semlock = nullptr;
            pybind11::object state = pybind11::reinterpret_steal<pybind11::object>(reinterpret_cast<PyObject*>(w));
            w->acquire = c_method(semlock.ptr(), "acquire");
            w->release = c_method(semlock.ptr(), "release");
            w->count = c_method(semlock.ptr(), "_count");
            w->value = c_method(semlock.ptr(), "_get_value");
            if ((w->count->ml_flags & METH_NOARGS) == 0 || (w->value->ml_flags & METH_NOARGS) == 0)
                throw std::invalid_argument("SemLock._count/_get_value take arguments in this Python");
            w->semlock = semlock.inc_ref().ptr();
            w->object = object;
            w->mode = mode;
            PyObject* fn = PyCFunction_NewEx(&g_call_def, state.ptr(), nullptr);
            if (!fn)
                throw pybind11::error_already_set();
            return pybind11::reinterpret_steal<pybind11::object>(fn);
        },
        "A native acquire or release (MODE_*) of `semlock` that records its holder or value for registry "
        "object `object`; ValueError when this Python's SemLock has no plain C methods.");
}

} // namespace proclab::python
