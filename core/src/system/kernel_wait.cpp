// What a sleeping process waits on, in plain words: a pure reading of the wchan and the syscall.
#include <proclab/system_processes.h>

#include <algorithm>
#include <sys/syscall.h>
#include <unordered_map>
#include <unordered_set>

namespace proclab {

std::string_view to_string(KernelWait w) noexcept
{
    switch (w) {
    case KernelWait::None:
        return "none";
    case KernelWait::Sleep:
        return "sleeping (nanosleep)";
    case KernelWait::Futex:
        return "waiting on a futex";
    case KernelWait::PipeRead:
        return "reading a pipe";
    case KernelWait::PipeWrite:
        return "writing to a full pipe";
    case KernelWait::Read:
        return "reading";
    case KernelWait::Write:
        return "writing";
    case KernelWait::Poll:
        return "in select/poll";
    case KernelWait::Child:
        return "waiting for a child";
    case KernelWait::Signal:
        return "waiting for a signal";
    case KernelWait::Socket:
        return "waiting on a socket";
    case KernelWait::Disk:
        return "waiting for disk I/O";
    case KernelWait::Stopped:
        return "stopped";
    case KernelWait::Zombie:
        return "zombie";
    case KernelWait::Other:
        return "in the kernel";
    }
    return "?";
}

namespace {

bool contains(std::string_view s, std::string_view part) noexcept
{
    return s.find(part) != std::string_view::npos;
}

// The kernel function names a task sleeps in (they change between kernel versions: match parts).
KernelWait from_wchan(std::string_view w) noexcept
{
    if (w.empty() || w == "0")
        return KernelWait::None;
    if (contains(w, "nanosleep") || contains(w, "hrtimer") || w == "schedule_timeout" || contains(w, "msleep"))
        return KernelWait::Sleep;
    if (contains(w, "futex"))
        return KernelWait::Futex;
    if (contains(w, "pipe_read") || contains(w, "pipe_wait_readable"))
        return KernelWait::PipeRead;
    if (contains(w, "pipe_write") || contains(w, "pipe_wait_writable"))
        return KernelWait::PipeWrite;
    if (contains(w, "poll") || contains(w, "select"))
        return KernelWait::Poll;
    if (w == "do_wait" || contains(w, "wait4") || contains(w, "waitid") || w == "kernel_wait")
        return KernelWait::Child;
    if (contains(w, "sigsuspend") || contains(w, "sigtimedwait") || contains(w, "sys_pause") || w == "__do_sys_pause")
        return KernelWait::Signal;
    if (contains(w, "unix_") || contains(w, "inet_") || contains(w, "tcp_") || contains(w, "sk_wait") ||
        contains(w, "sock"))
        return KernelWait::Socket;
    if (contains(w, "n_tty_read") || contains(w, "tty_read"))
        return KernelWait::Read;
    return KernelWait::Other;
}

KernelWait from_syscall(const SyscallInfo& s) noexcept
{
    const bool pipe = s.fd_target.rfind("pipe:", 0) == 0;
    const bool socket = s.fd_target.rfind("socket:", 0) == 0;
    switch (s.number) {
    case SYS_read:
    case SYS_readv:
    case SYS_pread64:
        return pipe ? KernelWait::PipeRead : socket ? KernelWait::Socket : KernelWait::Read;
    case SYS_write:
    case SYS_writev:
    case SYS_pwrite64:
        return pipe ? KernelWait::PipeWrite : socket ? KernelWait::Socket : KernelWait::Write;
    case SYS_nanosleep:
    case SYS_clock_nanosleep:
        return KernelWait::Sleep;
    case SYS_futex:
        return KernelWait::Futex;
    case SYS_ppoll:
    case SYS_pselect6:
    case SYS_epoll_pwait:
#ifdef SYS_poll
    case SYS_poll:
#endif
#ifdef SYS_select
    case SYS_select:
#endif
#ifdef SYS_epoll_wait
    case SYS_epoll_wait:
#endif
        return KernelWait::Poll;
    case SYS_wait4:
    case SYS_waitid:
        return KernelWait::Child;
    case SYS_rt_sigsuspend:
    case SYS_rt_sigtimedwait:
#ifdef SYS_pause
    case SYS_pause:
#endif
        return KernelWait::Signal;
    case SYS_accept:
    case SYS_accept4:
    case SYS_connect:
    case SYS_recvfrom:
    case SYS_recvmsg:
    case SYS_sendto:
    case SYS_sendmsg:
        return KernelWait::Socket;
    default:
        return KernelWait::Other;
    }
}

} // namespace

KernelWait classify_wait(char state, std::string_view wchan, const std::optional<SyscallInfo>& sys) noexcept
{
    switch (state) {
    case 'Z':
    case 'X':
        return KernelWait::Zombie;
    case 'T':
    case 't':
        return KernelWait::Stopped;
    case 'R':
        return KernelWait::None;
    default:
        break;
    }
    const KernelWait by_wchan = from_wchan(wchan);
    KernelWait by_sys = KernelWait::Other;
    if (sys && sys->number >= 0)
        by_sys = from_syscall(*sys);
    // The syscall names the descriptor (a pipe or a terminal); the wchan is the finer word for the rest.
    if (by_sys != KernelWait::Other &&
        (by_wchan == KernelWait::None || by_wchan == KernelWait::Other || by_wchan == KernelWait::Read ||
         by_sys == KernelWait::PipeRead || by_sys == KernelWait::PipeWrite))
        return by_sys;
    if (by_wchan != KernelWait::None && by_wchan != KernelWait::Other)
        return by_wchan;
    if (state == 'D')
        return KernelWait::Disk;
    if (state == 'I')
        return KernelWait::None;
    if (state == 'S')
        return KernelWait::Other;
    return by_wchan;
}

std::vector<pid_t> descendants_of(const std::vector<SystemProcess>& table, const std::vector<pid_t>& roots)
{
    std::unordered_map<pid_t, std::vector<pid_t>> children;
    for (const auto& p : table)
        if (p.ppid != p.pid)
            children[p.ppid].push_back(p.pid);
    std::unordered_set<pid_t> found;
    std::vector<pid_t> stack(roots.begin(), roots.end());
    while (!stack.empty()) {
        const pid_t p = stack.back();
        stack.pop_back();
        auto it = children.find(p);
        if (it == children.end())
            continue;
        for (pid_t c : it->second)
            if (found.insert(c).second)
                stack.push_back(c);
    }
    for (pid_t r : roots)
        found.erase(r);
    std::vector<pid_t> out;
    out.reserve(found.size());
    for (const auto& p : table)
        if (found.contains(p.pid))
            out.push_back(p.pid);
    return out;
}

} // namespace proclab
