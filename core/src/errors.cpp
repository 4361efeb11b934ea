#include <proclab/errors.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <cxxabi.h>
#include <memory>
#include <typeinfo>

namespace proclab {

namespace {
std::string remote_what(const std::string& type, const std::string& message, pid_t pid, long long task, int rank = -1,
                        const std::string& host = {})
{
    std::string s = type + ": " + message;
    if (rank >= 0)
        s += " (on MPI rank " + std::to_string(rank) + " of host " + host + ", process " + std::to_string(pid);
    else if (pid > 0)
        s += " (in process " + std::to_string(pid);
    if (task >= 0)
        s += std::string(pid > 0 ? ", " : " (") + "task " + std::to_string(task);
    if (pid > 0 || task >= 0 || rank >= 0)
        s += ")";
    return s;
}

std::string lost_what(pid_t pid, int exitcode)
{
    std::string s = "worker " + std::to_string(pid) + " died while running the task: ";
    if (exitcode < 0)
        s += "killed by " + signal_name(-exitcode);
    else
        s += "exited with code " + std::to_string(exitcode);
    return s;
}
} // namespace

RemoteError::RemoteError(std::string type, std::string message, pid_t pid, long long task_index)
    : Error(remote_what(type, message, pid, task_index))
    , m_type(std::move(type))
    , m_message(std::move(message))
    , m_pid(pid)
    , m_task(task_index)
{
}

RemoteError::RemoteError(std::string type, std::string message, pid_t pid, long long task_index, int rank,
                         std::string host)
    : Error(remote_what(type, message, pid, task_index, rank, host))
    , m_type(std::move(type))
    , m_message(std::move(message))
    , m_pid(pid)
    , m_task(task_index)
    , m_rank(rank)
    , m_host(std::move(host))
{
}

WorkerLost::WorkerLost(pid_t pid, int rank, std::string host)
    : Error("MPI rank " + std::to_string(rank) + " (process " + std::to_string(pid) + " on host " + host +
            ") ended while running the task")
    , m_pid(pid)
    , m_exitcode(0)
    , m_rank(rank)
    , m_host(std::move(host))
{
}

WorkerLost::WorkerLost(pid_t pid, int exitcode)
    : Error(lost_what(pid, exitcode))
    , m_pid(pid)
    , m_exitcode(exitcode)
{
}

std::string signal_name(int sig)
{
    if (const char* abbrev = sigabbrev_np(sig))
        return std::string("SIG") + abbrev;
    return "SIG" + std::to_string(sig);
}

std::string exception_type_name(const std::exception& e)
{
    const char* mangled = typeid(e).name();
    int status = 0;
    std::unique_ptr<char, void (*)(void*)> demangled(abi::__cxa_demangle(mangled, nullptr, nullptr, &status),
                                                     std::free);
    return status == 0 && demangled ? std::string(demangled.get()) : std::string(mangled);
}

} // namespace proclab
