// proclab_watch._bridge: the session-registry hooks of proclab::core, for a Python program.
//
// The pure-Python side (proclab_watch/) wraps the standard multiprocessing classes and calls these
// hooks, so a Python program's processes, queues, locks, pipes and pools land in the same registry
// as a C++ program's. Every call is cheap and never throws: without an attached session, each one
// is a branch.

#include <proclab/detail/monitor.h>
#include <proclab/scheduler.h>
#include <proclab/session.h>

#include "session/monitor_bridge.h"
#include "session/registry_layout.h"
#include "watched_methods.h"

#include <pybind11/pybind11.h>

#include <memory>
#include <string>
#include <vector>

namespace py = pybind11;
namespace monitor = proclab::detail::monitor;
namespace registry = proclab::detail::registry;
using proclab::ObjectId;
using proclab::ObjectKind;
using proclab::ProcessKind;
using proclab::SchedOp;
using proclab::WaitOp;

namespace {

template <typename Enum>
void export_enum(py::module_& m, const char* prefix, std::initializer_list<std::pair<const char*, Enum>> values)
{
    for (const auto& [name, value] : values)
        m.attr((std::string(prefix) + name).c_str()) = static_cast<int>(value);
}

} // namespace

PYBIND11_MODULE(_bridge, m)
{
    m.doc() = "Session-registry hooks of ProcLab's core for a watched Python program";

    m.def(
        "attach",
        [] {
            monitor::ensure_attached();
            return monitor::attached();
        },
        "Attaches to the session named by PROCLAB_SESSION; True when attached.");
    m.def("attached", [] { return monitor::attached(); });
    m.def(
        "prefault", [] { monitor::prefault(); },
        "Maps the whole registry into this process at once (for a process about to record many events).");
    m.def("session_name", [] { return monitor::session_name(); });

    // Processes.
    m.def(
        "after_fork", [](const std::string& name, bool daemon) { monitor::after_fork_in_child(name, daemon); },
        py::arg("name") = std::string(), py::arg("daemon") = false,
        "In a forked child, first: the child takes its own registry record.");
    m.def(
        "became",
        [](const std::string& name, int kind, bool daemon) {
            monitor::became(name, static_cast<ProcessKind>(kind), daemon);
        },
        "This process takes on its identity (name, kind, daemon).");
    m.def(
        "child_started",
        [](int pid, const std::string& name, int kind, bool daemon) {
            monitor::child_started(pid, name, static_cast<ProcessKind>(kind), daemon);
        },
        "This process started child `pid`.");
    m.def(
        "child_exited", [](int pid, int exitcode) { monitor::child_exited(pid, exitcode); },
        "The exit code of child `pid` was collected (Python's convention: -N for signal N).");
    m.def(
        "self_exiting", [](int exitcode) { monitor::self_exiting(exitcode); },
        "This process is about to exit with `exitcode`.");

    // Objects.
    m.def(
        "register_object",
        [](int kind, const std::string& name, const std::string& label, std::uint64_t capacity) {
            return monitor::register_object(static_cast<ObjectKind>(kind), name, label, capacity);
        },
        py::arg("kind"), py::arg("name"), py::arg("label"), py::arg("capacity") = 0,
        "Registers an object; its id, or 0 when not attached.");
    m.def(
        "unregister_object", [](ObjectId id) { monitor::unregister_object(id); },
        "The object is gone (its constructor failed).");
    m.def(
        "set_label", [](ObjectId id, const std::string& label) { monitor::set_label(id, label); },
        "Replaces the object's label (its kind as the window shows it, e.g. \"Manager list (3)\").");
    m.def(
        "find_object", [](const std::string& name) { return monitor::find_object(name); },
        "The id of the live object registered under `name`, or 0.");
    // add_counter, set_counter, wait_begin, wait_end, task_begin, task_end, pool_task_begin,
    // pool_task_end and the queues' methods: plain C (watched_methods.cpp), for they run on every put,
    // get, wait and task.

    export_enum<ProcessKind>(m, "KIND_",
                             {{"MAIN", ProcessKind::Main},
                              {"PROCESS", ProcessKind::Process},
                              {"POOL_WORKER", ProcessKind::PoolWorker},
                              {"COMMAND", ProcessKind::Command},
                              {"FORK_SERVER", ProcessKind::ForkServer},
                              {"MANAGER", ProcessKind::Manager},
                              {"HELPER", ProcessKind::Helper}});
    export_enum<ObjectKind>(m, "OBJ_",
                            {{"QUEUE", ObjectKind::Queue},
                             {"PIPE", ObjectKind::Pipe},
                             {"LOCK", ObjectKind::Lock},
                             {"RLOCK", ObjectKind::RLock},
                             {"EVENT", ObjectKind::Event},
                             {"SEMAPHORE", ObjectKind::Semaphore},
                             {"BOUNDED_SEMAPHORE", ObjectKind::BoundedSemaphore},
                             {"CONDITION", ObjectKind::Condition},
                             {"BARRIER", ObjectKind::Barrier},
                             {"VALUE", ObjectKind::Value},
                             {"ARRAY", ObjectKind::Array},
                             {"SHARED_MEMORY", ObjectKind::SharedMemory},
                             {"POOL", ObjectKind::Pool},
                             {"MANAGER", ObjectKind::Manager}});
    export_enum<SchedOp>(m, "SCHED_",
                         {{"START", SchedOp::Start},
                          {"JOIN", SchedOp::Join},
                          {"SEND", SchedOp::Send},
                          {"RECV", SchedOp::Recv},
                          {"ACQUIRE", SchedOp::Acquire},
                          {"RELEASE", SchedOp::Release},
                          {"WAIT", SchedOp::Wait},
                          {"SET", SchedOp::Set},
                          {"NOTIFY", SchedOp::Notify},
                          {"ABORT", SchedOp::Abort}});
    export_enum<WaitOp>(m, "OP_",
                        {{"GET", WaitOp::Get},
                         {"PUT", WaitOp::Put},
                         {"ACQUIRE", WaitOp::Acquire},
                         {"WAIT", WaitOp::Wait},
                         {"JOIN", WaitOp::Join},
                         {"RECV", WaitOp::Recv},
                         {"SEND", WaitOp::Send},
                         {"TASK_DONE", WaitOp::TaskDone}});
    m.attr("RESOURCE_TRACKER_NAME") = "ResourceTracker";
    m.attr("C_PUTS") = static_cast<int>(registry::kPuts);
    m.attr("C_GETS") = static_cast<int>(registry::kGets);
    m.attr("C_BYTES") = static_cast<int>(registry::kBytes);
    m.attr("C_WORKERS") = static_cast<int>(registry::kWorkers);
    m.attr("C_QUEUED") = static_cast<int>(registry::kQueued);
    m.attr("C_RUNNING") = static_cast<int>(registry::kRunning);
    m.attr("C_DONE") = static_cast<int>(registry::kDone);
    m.attr("C_FAILED") = static_cast<int>(registry::kFailed);
    m.attr("C_OWNER") = static_cast<int>(registry::kOwner);
    m.attr("C_VALUE") = static_cast<int>(registry::kValue);

    proclab::python::add_watched_methods(m);
}
