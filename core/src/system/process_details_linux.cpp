// One process's /proc entries, part by part, for a details view.
#include <proclab/machine_stats.h>
#include <proclab/process_details.h>
#include <proclab/system_processes.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <dirent.h>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>

namespace proclab {

namespace {

std::string procPath(pid_t pid, const char* entry)
{
    return "/proc/" + std::to_string(pid) + "/" + entry;
}

// readlink into a string; errno on failure.
bool readLink(const std::string& path, std::string& out, int& error)
{
    std::string buf(PATH_MAX, '\0');
    const ssize_t n = ::readlink(path.c_str(), buf.data(), buf.size());
    if (n < 0) {
        error = errno;
        return false;
    }
    buf.resize(static_cast<std::size_t>(n));
    out = std::move(buf);
    error = 0;
    return true;
}

std::vector<std::string> splitNul(const std::string& text)
{
    std::vector<std::string> out;
    std::size_t begin = 0;
    while (begin < text.size()) {
        std::size_t end = text.find('\0', begin);
        if (end == std::string::npos)
            end = text.size();
        out.emplace_back(text, begin, end - begin);
        begin = end + 1;
    }
    return out;
}

// The whole file, or its errno.
bool readFile(const std::string& path, std::string& out, int& error)
{
    auto text = read_proc_file(path);
    if (!text) {
        error = errno ? errno : EIO;
        return false;
    }
    out = std::move(*text);
    error = 0;
    return true;
}

std::string trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return std::string(s);
}

} // namespace

std::string ProcessDetails::status_value(std::string_view key) const
{
    for (const auto& [k, v] : status)
        if (k == key)
            return v;
    return {};
}

OpenDescriptor::Kind classify_descriptor(std::string_view target) noexcept
{
    using K = OpenDescriptor::Kind;
    if (target.starts_with("socket:"))
        return K::Socket;
    if (target.starts_with("pipe:"))
        return K::Pipe;
    if (target.starts_with("anon_inode:"))
        return K::Anonymous;
    if (target.starts_with("/dev/"))
        return K::Device;
    if (target.starts_with("/"))
        return K::File;
    return K::Other;
}

std::vector<ResourceLimit> parse_limits(std::string_view text)
{
    std::vector<ResourceLimit> out;
    const std::size_t firstEnd = text.find('\n');
    if (firstEnd == std::string_view::npos)
        return out;
    const std::string_view header = text.substr(0, firstEnd);
    const std::size_t soft = header.find("Soft Limit");
    const std::size_t hard = header.find("Hard Limit");
    const std::size_t units = header.find("Units");
    if (soft == std::string_view::npos || hard == std::string_view::npos || units == std::string_view::npos ||
        !(soft < hard && hard < units))
        return out;
    text.remove_prefix(firstEnd + 1);
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        const std::string_view line = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        if (line.size() <= soft)
            continue;
        const auto column = [&line](std::size_t from, std::size_t to) {
            return from >= line.size() ? std::string() : trim(line.substr(from, to - from));
        };
        ResourceLimit l;
        l.name = column(0, soft);
        l.soft = column(soft, hard);
        l.hard = column(hard, units);
        l.units = column(units, line.size());
        if (!l.name.empty())
            out.push_back(std::move(l));
    }
    return out;
}

ProcessDetails read_process_details(pid_t pid)
{
    ProcessDetails d;
    d.pid = pid;
    d.start_ticks = process_start_ticks(pid);
    if (pid <= 0 || d.start_ticks == 0)
        return d;
    d.exists = true;

    std::string text;
    if (readFile(procPath(pid, "cmdline"), text, d.argv_error))
        d.argv = splitNul(text);
    readLink(procPath(pid, "cwd"), d.cwd, d.cwd_error);
    readLink(procPath(pid, "exe"), d.exe, d.exe_error);
    if (readFile(procPath(pid, "environ"), text, d.environment_error))
        d.environment = splitNul(text);
    if (readFile(procPath(pid, "limits"), text, d.limits_error))
        d.limits = parse_limits(text);
    if (readFile(procPath(pid, "cgroup"), text, d.cgroup_error)) {
        while (!text.empty() && text.back() == '\n')
            text.pop_back();
        d.cgroup = std::move(text);
    }
    if (readFile(procPath(pid, "status"), text, d.status_error)) {
        std::string_view rest = text;
        while (!rest.empty()) {
            const std::size_t end = rest.find('\n');
            const std::string_view line = rest.substr(0, end);
            rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
            const std::size_t colon = line.find(':');
            if (colon != std::string_view::npos)
                d.status.emplace_back(std::string(line.substr(0, colon)), trim(line.substr(colon + 1)));
        }
    }

    const std::string fdDir = procPath(pid, "fd");
    if (DIR* dir = ::opendir(fdDir.c_str())) {
        while (const dirent* e = ::readdir(dir)) {
            char* end = nullptr;
            const long fd = std::strtol(e->d_name, &end, 10);
            if (end == e->d_name || *end != '\0')
                continue;
            OpenDescriptor o;
            o.fd = static_cast<int>(fd);
            int err = 0;
            if (!readLink(fdDir + "/" + e->d_name, o.target, err))
                continue; // closed meanwhile
            o.kind = classify_descriptor(o.target);
            if (o.kind == OpenDescriptor::Kind::File) {
                struct stat st {};
                if (::stat(o.target.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
                    o.kind = OpenDescriptor::Kind::Directory;
            }
            d.descriptors.push_back(std::move(o));
        }
        ::closedir(dir);
        std::sort(d.descriptors.begin(), d.descriptors.end(),
                  [](const OpenDescriptor& a, const OpenDescriptor& b) { return a.fd < b.fd; });
    } else {
        d.descriptors_error = errno;
    }

    // Ended, or the PID went to another process while it was read: nothing of it is trusted.
    if (process_start_ticks(pid) != d.start_ticks) {
        ProcessDetails gone;
        gone.pid = pid;
        return gone;
    }
    return d;
}

} // namespace proclab
