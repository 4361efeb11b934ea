#pragma once
// Private: fork+exec without copying the parent's memory (vfork), reporting exec errors back.

#include <string>
#include <sys/types.h>
#include <vector>

namespace proclab::detail {

/// An owned file descriptor.
class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) noexcept
        : m_fd(fd)
    {
    }
    Fd(Fd&& o) noexcept
        : m_fd(o.release())
    {
    }
    Fd& operator=(Fd&& o) noexcept;
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { reset(); }
    int get() const noexcept { return m_fd; }
    explicit operator bool() const noexcept { return m_fd >= 0; }
    int release() noexcept
    {
        int fd = m_fd;
        m_fd = -1;
        return fd;
    }
    void reset(int fd = -1) noexcept;

private:
    int m_fd = -1;
};

/// Strings kept alive with a null-terminated char* array over them, for execve.
class CStringArray {
public:
    explicit CStringArray(std::vector<std::string> items);
    char* const* data() noexcept { return m_ptrs.data(); }
    const std::vector<std::string>& items() const noexcept { return m_items; }

private:
    std::vector<std::string> m_items;
    std::vector<char*> m_ptrs;
};

struct ExecSpec {
    std::string path; ///< resolved program
    std::vector<std::string> argv;
    std::vector<std::string> envp;
    int stdio[3] = {-1, -1, -1}; ///< dup2'ed onto 0, 1, 2; -1: inherit
    bool stderr_to_stdout = false;
    std::string cwd;           ///< empty: unchanged
    std::vector<int> keep_fds; ///< fds the program inherits (CLOEXEC cleared)
};

/// Starts `spec` as a child that dies with this thread (PDEATHSIG). Throws ProcessError naming
/// `what` (the program) and the OS error when the working directory or the exec fails.
pid_t vfork_exec(const ExecSpec& spec, const std::string& what);

/// This process's environment as "K=V" strings, minus ProcLab's private variables, with
/// `overrides` applied (clear: start empty).
std::vector<std::string> make_environment(const std::vector<std::pair<std::string, std::string>>& overrides,
                                          bool clear);

/// Opens a pidfd for a child of ours (cannot race with reaping: only we reap it).
int open_pidfd(pid_t pid);

/// write(2) that turns SIGPIPE into EPIPE for this call only.
ssize_t write_no_sigpipe(int fd, const char* data, size_t size);

/// The path of this program's executable (readlink /proc/self/exe), cached.
const std::string& self_executable();

} // namespace proclab::detail
