// The machine's process table through libproc2 (the library of ps and top), and the syscall a
// process sleeps in from /proc/<pid>/syscall.
#include <proclab/clock.h>
#include <proclab/errors.h>
#include <proclab/system_processes.h>

#include "system/proc_stat.h"

#include <libproc2/pids.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <unordered_map>

namespace proclab {

namespace {

// libproc2's select takes at most this many PIDs at once.
constexpr std::size_t kSelectChunk = 200;

[[noreturn]] void fail(const char* what, int rc)
{
    throw Error(std::string("libproc2: ") + what + " failed: " + std::strerror(rc < 0 ? -rc : errno) +
                " (is /proc mounted and readable?)");
}

std::int64_t clock_ns(clockid_t clock) noexcept
{
    timespec ts{};
    clock_gettime(clock, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

long hertz() noexcept
{
    static const long hz = sysconf(_SC_CLK_TCK);
    return hz > 0 ? hz : 100;
}

std::uint64_t page_size() noexcept
{
    static const long page = sysconf(_SC_PAGESIZE);
    return static_cast<std::uint64_t>(page > 0 ? page : 4096);
}

// The items the full table reads, in this order.
enum Item : int {
    kPid,
    kPpid,
    kEuid,
    kEuser,
    kState,
    kNice,
    kThreads,
    kTicks,
    kRss,
    kVsize,
    kBegan,
    kComm,
    kCmdline,
    kWchan,
    kItemCount
};
std::array<pids_item, kItemCount> full_items()
{
    return {PIDS_ID_PID,   PIDS_ID_PPID, PIDS_ID_EUID,     PIDS_ID_EUSER,   PIDS_STATE, PIDS_NICE,    PIDS_NLWP,
            PIDS_TICS_ALL, PIDS_RSS,     PIDS_VSIZE_BYTES, PIDS_TICS_BEGAN, PIDS_CMD,   PIDS_CMDLINE, PIDS_WCHAN_NAME};
}

struct PidsHandle {
    pids_info* info = nullptr;
    PidsHandle(pids_item* items, int n)
    {
        if (const int rc = procps_pids_new(&info, items, n); rc < 0 || !info)
            fail("procps_pids_new", rc);
    }
    PidsHandle(const PidsHandle&) = delete;
    PidsHandle& operator=(const PidsHandle&) = delete;
    ~PidsHandle()
    {
        if (info)
            procps_pids_unref(&info);
    }
};

std::string str_of(const pids_stack* s, int i)
{
    const char* p = s->head[i].result.str;
    return p ? std::string(p) : std::string();
}

} // namespace

struct SystemSampler::Impl {
    std::array<pids_item, kItemCount> items = full_items();
    PidsHandle full{items.data(), kItemCount};
    std::array<pids_item, 2> light_items{PIDS_ID_PID, PIDS_ID_PPID};
    PidsHandle light{light_items.data(), 2};
    struct Cpu {
        std::uint64_t start_ticks = 0;
        std::uint64_t ticks = 0;
        double percent = 0;
    };
    std::unordered_map<pid_t, Cpu> cpu;
    std::int64_t last_ns = 0;
    std::uint64_t phys_bytes = static_cast<std::uint64_t>(sysconf(_SC_PHYS_PAGES)) * page_size();

    void take(const pids_fetch* f, std::vector<SystemProcess>& out, const SystemFilter& filter, std::int64_t mono_now,
              std::int64_t boot_now)
    {
        if (!f)
            return;
        const int n = f->counts ? f->counts->total : 0;
        const double hz = static_cast<double>(hertz());
        for (int i = 0; i < n; ++i) {
            const pids_stack* s = f->stacks[i];
            SystemProcess p;
            p.pid = s->head[kPid].result.s_int;
            p.ppid = s->head[kPpid].result.s_int;
            p.uid = s->head[kEuid].result.u_int;
            p.user = str_of(s, kEuser);
            p.state = static_cast<char>(s->head[kState].result.s_ch);
            p.nice = s->head[kNice].result.s_int;
            p.threads = s->head[kThreads].result.s_int;
            p.cpu_ticks = s->head[kTicks].result.ull_int;
            p.rss_bytes = static_cast<std::uint64_t>(s->head[kRss].result.ul_int) * page_size();
            p.vsize_bytes = s->head[kVsize].result.ul_int;
            p.start_ticks = s->head[kBegan].result.ull_int;
            p.command = str_of(s, kComm);
            p.cmdline = str_of(s, kCmdline);
            if (p.cmdline.empty() || p.cmdline == "-")
                p.cmdline = "[" + p.command + "]";
            p.wchan = str_of(s, kWchan);
            if (p.wchan == "-")
                p.wchan.clear();
            p.mem_percent = phys_bytes ? 100.0 * static_cast<double>(p.rss_bytes) / static_cast<double>(phys_bytes) : 0;
            const auto since_boot_ns = static_cast<std::int64_t>(static_cast<double>(p.start_ticks) / hz * 1e9);
            p.start_ns = mono_now - (boot_now - since_boot_ns);
            if (filter.with_wait) {
                p.wait = classify_wait(p.state, p.wchan, std::nullopt);
                // Kernel threads make no system calls: their syscall file reads as a read().
                const bool kernel_thread = p.pid == 2 || p.ppid == 2;
                if (!kernel_thread && (p.wait == KernelWait::Other || (p.state == 'S' && p.wait == KernelWait::None)))
                    p.wait = classify_wait(p.state, p.wchan, read_syscall(p.pid));
            }
            out.push_back(std::move(p));
        }
    }
};

SystemSampler::SystemSampler()
    : m_impl(std::make_unique<Impl>())
{
}
SystemSampler::SystemSampler(SystemSampler&&) noexcept = default;
SystemSampler& SystemSampler::operator=(SystemSampler&&) noexcept = default;
SystemSampler::~SystemSampler() = default;

std::vector<SystemProcess> SystemSampler::sample(const SystemFilter& filter)
{
    if (!m_impl)
        throw ValueError("SystemSampler::sample on a moved-from sampler");
    Impl& im = *m_impl;
    std::vector<SystemProcess> out;
    const std::int64_t mono = now_ns();
    const std::int64_t boot = clock_ns(CLOCK_BOOTTIME);
    switch (filter.scope) {
    case SystemFilter::Scope::All: {
        pids_fetch* f = procps_pids_reap(im.full.info, PIDS_FETCH_TASKS_ONLY);
        if (!f)
            fail("procps_pids_reap", -errno);
        im.take(f, out, filter, mono, boot);
        break;
    }
    case SystemFilter::Scope::User: {
        unsigned uid = filter.uid;
        pids_fetch* f = procps_pids_select(im.full.info, &uid, 1, PIDS_SELECT_UID);
        if (!f)
            fail("procps_pids_select (by user)", -errno);
        im.take(f, out, filter, mono, boot);
        break;
    }
    case SystemFilter::Scope::Descendants: {
        if (filter.roots.empty())
            break;
        pids_fetch* f = procps_pids_reap(im.light.info, PIDS_FETCH_TASKS_ONLY);
        if (!f)
            fail("procps_pids_reap", -errno);
        std::vector<SystemProcess> light;
        const int n = f->counts ? f->counts->total : 0;
        light.reserve(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) {
            SystemProcess p;
            p.pid = f->stacks[i]->head[0].result.s_int;
            p.ppid = f->stacks[i]->head[1].result.s_int;
            light.push_back(p);
        }
        const std::vector<pid_t> wanted = descendants_of(light, filter.roots);
        for (std::size_t at = 0; at < wanted.size(); at += kSelectChunk) {
            std::vector<unsigned> chunk;
            for (std::size_t k = at; k < std::min(wanted.size(), at + kSelectChunk); ++k)
                chunk.push_back(static_cast<unsigned>(wanted[k]));
            pids_fetch* g =
                procps_pids_select(im.full.info, chunk.data(), static_cast<int>(chunk.size()), PIDS_SELECT_PID);
            im.take(g, out, filter, mono, boot); // null: all of them ended meanwhile
        }
        break;
    }
    }
    std::sort(out.begin(), out.end(), [](const SystemProcess& a, const SystemProcess& b) { return a.pid < b.pid; });

    // CPU % since the previous sample, per process (a recycled PID starts afresh). Samples closer
    // than kMinInterval apart keep the previous figures: a clock tick in 1 ms would read as 1000 %.
    constexpr std::int64_t kMinInterval = 20'000'000;
    const bool advance = im.last_ns == 0 || mono - im.last_ns >= kMinInterval;
    const double secs = im.last_ns ? static_cast<double>(mono - im.last_ns) / 1e9 : 0;
    static const double cap = 100.0 * static_cast<double>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
    std::unordered_map<pid_t, Impl::Cpu> next;
    next.reserve(out.size());
    for (auto& p : out) {
        auto it = im.cpu.find(p.pid);
        const bool same = it != im.cpu.end() && it->second.start_ticks == p.start_ticks;
        if (!advance) {
            p.cpu_percent = same ? it->second.percent : 0;
            next[p.pid] = same ? it->second : Impl::Cpu{p.start_ticks, p.cpu_ticks, 0};
            continue;
        }
        if (secs > 0 && same && p.cpu_ticks >= it->second.ticks)
            p.cpu_percent = std::min(cap, static_cast<double>(p.cpu_ticks - it->second.ticks) /
                                              static_cast<double>(hertz()) / secs * 100.0);
        next[p.pid] = {p.start_ticks, p.cpu_ticks, p.cpu_percent};
    }
    im.cpu.swap(next);
    if (advance)
        im.last_ns = mono;
    return out;
}

std::optional<SystemProcess> SystemSampler::probe(pid_t pid)
{
    Impl im;
    unsigned one = static_cast<unsigned>(pid);
    std::vector<SystemProcess> out;
    pids_fetch* f = procps_pids_select(im.full.info, &one, 1, PIDS_SELECT_PID);
    im.take(f, out, SystemFilter{}, now_ns(), clock_ns(CLOCK_BOOTTIME));
    if (out.empty())
        return std::nullopt;
    return out.front();
}

std::optional<SyscallInfo> read_syscall(pid_t pid)
{
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/syscall", static_cast<int>(pid));
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    char buf[256];
    const ssize_t n = ::read(fd, buf, sizeof buf - 1);
    ::close(fd);
    if (n <= 0)
        return std::nullopt;
    buf[n] = '\0';
    SyscallInfo info;
    if (std::strncmp(buf, "running", 7) == 0)
        return info;
    char* end = nullptr;
    info.number = std::strtol(buf, &end, 10);
    if (end == buf)
        return std::nullopt;
    info.first_arg = static_cast<long>(std::strtoul(end, nullptr, 16));
    switch (info.number) {
    case SYS_read:
    case SYS_readv:
    case SYS_pread64:
    case SYS_write:
    case SYS_writev:
    case SYS_pwrite64:
    case SYS_recvfrom:
    case SYS_recvmsg: {
        char link[64];
        std::snprintf(link, sizeof link, "/proc/%d/fd/%ld", static_cast<int>(pid), info.first_arg);
        char target[256];
        const ssize_t len = ::readlink(link, target, sizeof target - 1);
        if (len > 0)
            info.fd_target.assign(target, static_cast<std::size_t>(len));
        break;
    }
    default:
        break;
    }
    return info;
}

std::uint64_t process_start_ticks(pid_t pid) noexcept
{
    return detail::process_starttime(pid);
}

namespace detail {

namespace {
std::array<pids_item, 6> stat_items()
{
    return {PIDS_ID_PID, PIDS_STATE, PIDS_TICS_ALL, PIDS_TICS_BEGAN, PIDS_RSS, PIDS_ID_PPID};
}
} // namespace

ProcStatReader::ProcStatReader()
{
    auto items = stat_items();
    if (const int rc = procps_pids_new(&m_info, items.data(), static_cast<int>(items.size())); rc < 0 || !m_info)
        fail("procps_pids_new", rc);
}

ProcStatReader::~ProcStatReader()
{
    if (m_info)
        procps_pids_unref(&m_info);
}

std::unordered_map<pid_t, ProcStat> ProcStatReader::read(const std::vector<pid_t>& pids)
{
    std::unordered_map<pid_t, ProcStat> out;
    for (std::size_t at = 0; at < pids.size(); at += kSelectChunk) {
        std::vector<unsigned> chunk;
        for (std::size_t k = at; k < std::min(pids.size(), at + kSelectChunk); ++k)
            if (pids[k] > 0)
                chunk.push_back(static_cast<unsigned>(pids[k]));
        if (chunk.empty())
            continue;
        pids_fetch* f = procps_pids_select(m_info, chunk.data(), static_cast<int>(chunk.size()), PIDS_SELECT_PID);
        if (!f)
            continue; // every one of them is gone
        const int n = f->counts ? f->counts->total : 0;
        for (int i = 0; i < n; ++i) {
            const pids_stack* s = f->stacks[i];
            ProcStat st;
            st.state = static_cast<char>(s->head[1].result.s_ch);
            st.ticks = s->head[2].result.ull_int;
            st.starttime = s->head[3].result.ull_int;
            st.rss_pages = s->head[4].result.ul_int;
            st.ppid = s->head[5].result.s_int;
            out[s->head[0].result.s_int] = st;
        }
    }
    return out;
}

std::uint64_t process_starttime(pid_t pid) noexcept
{
    try {
        thread_local ProcStatReader reader;
        const auto stats = reader.read({pid});
        auto it = stats.find(pid);
        return it == stats.end() ? 0 : it->second.starttime;
    } catch (...) {
        return 0;
    }
}

} // namespace detail

} // namespace proclab
