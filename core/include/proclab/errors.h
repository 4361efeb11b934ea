#pragma once
// Exceptions of the core. They mirror Python's multiprocessing errors; all derive from Error.

#include <stdexcept>
#include <string>
#include <sys/types.h>

namespace proclab {

/// Base of every ProcLab error; a std::runtime_error whose what() names what went wrong.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Misuse of a process: start twice, set_daemon after start, a daemon creating a child,
/// a program that cannot be run (the message names the program and the OS error).
class ProcessError : public Error {
public:
    using Error::Error;
};

/// A value out of range or an operation on a closed object (Python's ValueError).
class ValueError : public Error {
public:
    using Error::Error;
};

/// A named object does not exist (Python's FileNotFoundError for SharedMemory).
class NotFound : public Error {
public:
    using Error::Error;
};

/// A Barrier was aborted, reset, or timed out while parties were waiting.
class BrokenBarrierError : public Error {
public:
    using Error::Error;
};

/// A timed operation ran out of time.
class TimeoutError : public Error {
public:
    using Error::Error;
};

/// get() on an empty queue without waiting (or after the timeout).
class Empty : public Error {
public:
    using Error::Error;
};

/// put() on a full queue without waiting (or after the timeout).
class Full : public Error {
public:
    using Error::Error;
};

/// The peer of a Connection closed it; nothing more will arrive.
class EOFError : public Error {
public:
    using Error::Error;
};

/// A shared object was corrupted, or its owner died holding it and recovery failed.
class BrokenResource : public Error {
public:
    using Error::Error;
};

/// The authkey of a Manager connection was refused (either side): nothing was executed and the
/// connection was dropped. Python's multiprocessing.AuthenticationError.
class AuthenticationError : public Error {
public:
    using Error::Error;
};

/// A Manager could not be reached or its connection broke: no such address, the server process
/// is gone, a protocol violation or an oversize message. The message names the address.
class ManagerError : public Error {
public:
    using Error::Error;
};

/// A task threw in another process. Carries the original exception's type name and message.
class RemoteError : public Error {
public:
    RemoteError(std::string type, std::string message, pid_t pid = 0, long long task_index = -1);
    /// A task that threw on an MPI rank (proclab::mpi): its rank and host name appear in what().
    RemoteError(std::string type, std::string message, pid_t pid, long long task_index, int rank, std::string host);
    const std::string& type() const noexcept { return m_type; }
    const std::string& message() const noexcept { return m_message; }
    pid_t pid() const noexcept { return m_pid; }                ///< process where it was thrown (0: unknown)
    long long task_index() const noexcept { return m_task; }    ///< index in a map (-1: not a map task)
    int rank() const noexcept { return m_rank; }                ///< MPI rank (-1: a local worker)
    const std::string& host() const noexcept { return m_host; } ///< host of the MPI rank (empty: local)

private:
    std::string m_type;
    std::string m_message;
    pid_t m_pid;
    long long m_task;
    int m_rank = -1;
    std::string m_host;
};

/// A pool worker died while running the task: killed by a signal or exited mid-task.
class WorkerLost : public Error {
public:
    WorkerLost(pid_t pid, int exitcode);
    /// An MPI rank (proclab::mpi) that ended while running the task; exitcode unknown: 0.
    WorkerLost(pid_t pid, int rank, std::string host);
    pid_t pid() const noexcept { return m_pid; }
    /// As Process::exitcode(): N for exit(N), -N when killed by signal N.
    int exitcode() const noexcept { return m_exitcode; }
    int rank() const noexcept { return m_rank; }                ///< MPI rank (-1: a local worker)
    const std::string& host() const noexcept { return m_host; } ///< host of the MPI rank (empty: local)

private:
    pid_t m_pid;
    int m_exitcode;
    int m_rank = -1;
    std::string m_host;
};

/// "SIGTERM" for 15, "SIG42" when the number has no name.
std::string signal_name(int sig);

/// The readable (demangled) type name of a caught exception, e.g. "std::runtime_error".
std::string exception_type_name(const std::exception& e);

} // namespace proclab
