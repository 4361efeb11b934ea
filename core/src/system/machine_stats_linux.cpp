// The machine's meters: /proc/loadavg, /proc/stat and /proc/meminfo, parsed.
#include <proclab/machine_stats.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace proclab {

namespace {

std::string_view trimLeft(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    return s;
}

// The next whitespace-separated word of `s` (consumed).
std::string_view nextWord(std::string_view& s)
{
    s = trimLeft(s);
    std::size_t n = 0;
    while (n < s.size() && s[n] != ' ' && s[n] != '\t' && s[n] != '\n')
        ++n;
    const std::string_view word = s.substr(0, n);
    s.remove_prefix(n);
    return word;
}

bool toU64(std::string_view s, std::uint64_t& out)
{
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

bool toDouble(std::string_view s, double& out)
{
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

template <typename F>
void forEachLine(std::string_view text, F f)
{
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        f(text.substr(0, end));
        if (end == std::string_view::npos)
            break;
        text.remove_prefix(end + 1);
    }
}

} // namespace

std::optional<LoadAverage> parse_loadavg(std::string_view text)
{
    LoadAverage l;
    if (!toDouble(nextWord(text), l.one) || !toDouble(nextWord(text), l.five) || !toDouble(nextWord(text), l.fifteen))
        return std::nullopt;
    const std::string_view tasks = nextWord(text);
    const std::size_t slash = tasks.find('/');
    std::uint64_t running = 0, all = 0;
    if (slash == std::string_view::npos || !toU64(tasks.substr(0, slash), running) ||
        !toU64(tasks.substr(slash + 1), all))
        return std::nullopt;
    l.running = static_cast<int>(running);
    l.tasks = static_cast<int>(all);
    return l;
}

std::vector<CpuTimes> parse_cpu_times(std::string_view text)
{
    std::vector<CpuTimes> out;
    forEachLine(text, [&](std::string_view line) {
        std::string_view rest = line;
        const std::string_view name = nextWord(rest);
        if (name.substr(0, 3) != "cpu")
            return;
        const bool all = name == "cpu";
        if (all != out.empty()) // "cpu" comes first, then the numbered ones
            return;
        CpuTimes t;
        std::uint64_t* fields[] = {&t.user, &t.nice, &t.system, &t.idle, &t.iowait, &t.irq, &t.softirq, &t.steal};
        for (std::uint64_t* f : fields) {
            const std::string_view w = nextWord(rest);
            if (w.empty())
                break; // old kernels have fewer columns
            if (!toU64(w, *f))
                return;
        }
        out.push_back(t);
    });
    return out;
}

MemoryInfo parse_meminfo(std::string_view text)
{
    MemoryInfo m;
    bool haveAvailable = false;
    std::uint64_t free = 0, buffers = 0, cached = 0;
    forEachLine(text, [&](std::string_view line) {
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos)
            return;
        const std::string_view key = line.substr(0, colon);
        std::string_view rest = line.substr(colon + 1);
        std::uint64_t kb = 0;
        if (!toU64(nextWord(rest), kb))
            return;
        const std::uint64_t bytes = kb * 1024;
        if (key == "MemTotal")
            m.total = bytes;
        else if (key == "MemAvailable") {
            m.available = bytes;
            haveAvailable = true;
        } else if (key == "MemFree")
            free = bytes;
        else if (key == "Buffers")
            buffers = bytes;
        else if (key == "Cached")
            cached = bytes;
        else if (key == "SwapTotal")
            m.swap_total = bytes;
        else if (key == "SwapFree")
            m.swap_free = bytes;
    });
    if (!haveAvailable) // kernels before 3.14
        m.available = free + buffers + cached;
    return m;
}

double cpu_busy_percent(const CpuTimes& before, const CpuTimes& after) noexcept
{
    const std::uint64_t total = after.total() >= before.total() ? after.total() - before.total() : 0;
    if (total == 0)
        return 0;
    const std::uint64_t idle = after.idle_all() >= before.idle_all() ? after.idle_all() - before.idle_all() : 0;
    const double busy = 100.0 * static_cast<double>(total - std::min(idle, total)) / static_cast<double>(total);
    return busy < 0 ? 0 : busy > 100 ? 100 : busy;
}

std::optional<std::string> read_proc_file(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    std::string out;
    char buf[8192];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            const int err = errno;
            ::close(fd);
            errno = err;
            return std::nullopt;
        }
        if (n == 0)
            break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return out;
}

MachineStats MachineSampler::sample()
{
    MachineStats s;
    const auto note = [&s](const char* what) {
        if (!s.error.empty())
            s.error += "; ";
        s.error += std::string(what) + ": " + std::strerror(errno);
    };
    if (const auto text = read_proc_file("/proc/loadavg")) {
        if (const auto load = parse_loadavg(*text))
            s.load = *load;
    } else {
        note("/proc/loadavg");
    }
    if (const auto text = read_proc_file("/proc/meminfo"))
        s.memory = parse_meminfo(*text);
    else
        note("/proc/meminfo");
    if (const auto text = read_proc_file("/proc/stat")) {
        std::vector<CpuTimes> now = parse_cpu_times(*text);
        if (!now.empty()) {
            const bool comparable = m_previous.size() == now.size();
            s.cpu_percent = comparable ? cpu_busy_percent(m_previous[0], now[0]) : 0;
            s.cpus_percent.resize(now.size() - 1, 0.0);
            for (std::size_t i = 1; comparable && i < now.size(); ++i)
                s.cpus_percent[i - 1] = cpu_busy_percent(m_previous[i], now[i]);
        }
        m_previous = std::move(now);
    } else {
        note("/proc/stat");
    }
    return s;
}

} // namespace proclab
