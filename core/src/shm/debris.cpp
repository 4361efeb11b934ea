// The debris sweep (proclab/debris.h): one readdir of /dev/shm, a flock probe per object, the
// creator's pid and start time from the object's header, and the object tables of the sessions.
#include <proclab/debris.h>

#include "session/registry_layout.h"
#include "shm/segment_header.h"
#include "shm/tracker.h"

#include <cerrno>
#include <csignal>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <dirent.h>
#include <fcntl.h>
#include <map>
#include <mutex>
#include <set>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace proclab {

namespace detail {

ProcessFacts process_facts(pid_t pid) noexcept
{
    ProcessFacts f;
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/stat", static_cast<int>(pid));
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return f;
    char buf[1024];
    const ssize_t n = ::read(fd, buf, sizeof buf - 1);
    ::close(fd);
    if (n <= 0)
        return f;
    buf[n] = '\0';
    const char* p = std::strrchr(buf, ')'); // the name may hold spaces and parentheses
    if (!p || p[1] != ' ')
        return f;
    f.exists = true;
    f.state = p[2];
    // Field 3 is the state; the start time is field 22.
    int field = 3;
    for (const char* q = p + 2; *q; ++q) {
        if (*q != ' ')
            continue;
        if (++field == 22) {
            f.starttime = std::strtoull(q + 1, nullptr, 10);
            break;
        }
    }
    return f;
}

bool process_alive(pid_t pid, std::uint64_t starttime) noexcept
{
    if (pid <= 0)
        return false;
    if (::kill(pid, 0) != 0 && errno == ESRCH)
        return false;
    const ProcessFacts f = process_facts(pid);
    if (!f.exists)
        return ::kill(pid, 0) == 0 || errno == EPERM; // no /proc: trust the pid
    if (f.state == 'Z' || f.state == 'X')
        return false; // its descriptors and mappings are gone: it holds nothing any more
    return starttime == 0 || f.starttime == starttime;
}

} // namespace detail

namespace {

using detail::registry::Layout;

constexpr time_t kHeaderlessGrace = 1; // seconds: an object of another build may be being created

std::string user_prefix()
{
    return "proclab-" + std::to_string(geteuid()) + "-";
}

// Held by some process: its shared flock() blocks an exclusive one.
bool held(int fd) noexcept
{
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0)
        return true;
    ::flock(fd, LOCK_UN);
    return false;
}

// Removes `name` if nobody holds it (re-checked under an exclusive lock: a process opening it
// meanwhile waits, then finds it unlinked).
bool unlink_unheld(const std::string& name) noexcept
{
    const int fd = ::shm_open(("/" + name).c_str(), O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0)
        return false;
    bool removed = false;
    struct stat st {};
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0 && ::fstat(fd, &st) == 0 && st.st_nlink > 0)
        removed = ::shm_unlink(("/" + name).c_str()) == 0;
    ::close(fd);
    return removed;
}

// The names of the live objects a session lists.
void listed_objects(int fd, const std::string& session, std::map<std::string, std::string>& out)
{
    void* map = ::mmap(nullptr, sizeof(Layout), PROT_READ, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED)
        return;
    const auto* l = static_cast<const Layout*>(map);
    const std::uint32_t n = std::min<std::uint32_t>(l->header.objects.load(std::memory_order_acquire),
                                                    static_cast<std::uint32_t>(Session::kMaxObjects));
    for (std::uint32_t i = 0; i < n; ++i) {
        const auto& o = l->objects[i];
        if (o.alive)
            out.emplace(std::string(o.name, strnlen(o.name, sizeof o.name)), session);
    }
    ::munmap(map, sizeof(Layout));
}

struct Scan {
    std::vector<Debris> objects;  // debris other than sessions and parts
    std::vector<Debris> sessions; // dead sessions
    std::vector<std::string> parts;
};

Scan scan()
{
    Scan out;
    const std::string prefix = user_prefix();
    const std::string session_prefix = prefix + "session-";
    std::vector<std::string> names;
    if (DIR* d = ::opendir("/dev/shm")) {
        while (dirent* e = ::readdir(d))
            if (std::strncmp(e->d_name, prefix.c_str(), prefix.size()) == 0)
                names.emplace_back(e->d_name);
        ::closedir(d);
    }
    if (names.empty())
        return out;
    const time_t now = ::time(nullptr);

    // Sessions first: which objects a live session lists (kept), which a dead one lists.
    std::map<std::string, std::string> live_listed, dead_listed;
    for (const std::string& name : names) {
        if (name.rfind(session_prefix, 0) != 0)
            continue;
        const int fd = ::shm_open(("/" + name).c_str(), O_RDONLY | O_CLOEXEC, 0);
        if (fd < 0)
            continue;
        struct stat st {};
        if (::fstat(fd, &st) != 0 || st.st_uid != ::geteuid()) {
            ::close(fd);
            continue;
        }
        const std::string session = name.substr(session_prefix.size());
        alignas(detail::registry::Header) unsigned char raw[sizeof(detail::registry::Header)] = {};
        const auto& h = *reinterpret_cast<const detail::registry::Header*>(raw);
        const bool sized = static_cast<std::size_t>(st.st_size) == sizeof(Layout) &&
                           ::pread(fd, raw, sizeof raw, 0) == static_cast<ssize_t>(sizeof raw) &&
                           h.magic == detail::registry::kMagic;
        const bool live = held(fd) || (sized && detail::process_alive(h.creator, h.creator_starttime)) ||
                          (!sized && now - st.st_ctime < kHeaderlessGrace);
        if (sized)
            listed_objects(fd, session, live ? live_listed : dead_listed);
        ::close(fd);
        if (!live)
            out.sessions.push_back(
                {name, "session", sized ? h.creator : 0, session, static_cast<std::uint64_t>(st.st_size)});
    }

    for (const std::string& name : names) {
        if (name.rfind(session_prefix, 0) == 0)
            continue;
        if (name.find('.') != std::string::npos) {
            out.parts.push_back(name); // judged after the objects: goes with its owner
            continue;
        }
        if (live_listed.contains(name))
            continue;
        const int fd = ::shm_open(("/" + name).c_str(), O_RDONLY | O_CLOEXEC, 0);
        if (fd < 0)
            continue;
        struct stat st {};
        if (::fstat(fd, &st) != 0 || st.st_uid != ::geteuid() || held(fd)) {
            ::close(fd);
            continue;
        }
        alignas(detail::SegmentHeader) unsigned char raw[sizeof(detail::SegmentHeader)] = {};
        const auto& h = *reinterpret_cast<const detail::SegmentHeader*>(raw);
        const bool headed = ::pread(fd, raw, sizeof raw, 0) == static_cast<ssize_t>(sizeof raw) &&
                            h.magic == detail::kSegmentMagic && h.ready.load() != 0;
        ::close(fd);
        Debris d;
        d.name = name;
        d.bytes = static_cast<std::uint64_t>(st.st_size);
        if (headed) {
            d.kind.assign(h.kind, strnlen(h.kind, sizeof h.kind));
            d.creator = h.creator;
            if (h.creator > 0 && detail::process_alive(h.creator, h.creator_start))
                continue;
        } else if (now - st.st_ctime < kHeaderlessGrace) {
            continue; // being created by a program that did not write its header yet
        }
        if (auto it = dead_listed.find(name); it != dead_listed.end())
            d.session = it->second;
        out.objects.push_back(std::move(d));
    }
    return out;
}

bool exists(const std::string& name)
{
    struct stat st {};
    return ::stat(("/dev/shm/" + name).c_str(), &st) == 0;
}

// The parts whose owner is gone (or is itself about to go).
std::vector<Debris> orphan_parts(const Scan& s, bool owners_removed)
{
    std::set<std::string> leaving;
    if (!owners_removed)
        for (const Debris& d : s.objects)
            leaving.insert(d.name);
    std::vector<Debris> out;
    for (const std::string& part : s.parts) {
        const std::string owner = part.substr(0, part.find('.'));
        if (!exists(owner) || leaving.contains(owner)) {
            struct stat st {};
            ::stat(("/dev/shm/" + part).c_str(), &st);
            out.push_back({part, "part", 0, {}, static_cast<std::uint64_t>(st.st_size)});
        }
    }
    return out;
}

} // namespace

namespace detail {

bool remove_unheld(const std::string& name) noexcept
{
    return unlink_unheld(name);
}

} // namespace detail

std::vector<Debris> find_debris()
{
    Scan s = scan();
    std::vector<Debris> out = std::move(s.objects);
    for (Debris& p : orphan_parts(s, false))
        out.push_back(std::move(p));
    for (Debris& d : s.sessions)
        out.push_back(std::move(d));
    return out;
}

std::vector<Debris> sweep_debris()
{
    Scan s = scan();
    std::vector<Debris> removed;
    for (Debris& d : s.objects)
        if (unlink_unheld(d.name))
            removed.push_back(std::move(d));
    for (Debris& p : orphan_parts(s, true))
        if (::shm_unlink(("/" + p.name).c_str()) == 0)
            removed.push_back(std::move(p));
    for (Debris& d : s.sessions)
        if (unlink_unheld(d.name))
            removed.push_back(std::move(d));
    return removed;
}

namespace {
std::mutex g_start_mutex;
std::vector<Debris>* g_removed_at_start = nullptr; // written once; a process-lifetime singleton
} // namespace

namespace detail {

void sweep_at_start() noexcept
{
    try {
        auto removed = sweep_debris();
        std::lock_guard lock(g_start_mutex);
        if (!g_removed_at_start)
            g_removed_at_start = new std::vector<Debris>(std::move(removed));
    } catch (...) {
    }
}

} // namespace detail

std::vector<Debris> removed_at_start()
{
    std::lock_guard lock(g_start_mutex);
    return g_removed_at_start ? *g_removed_at_start : std::vector<Debris>{};
}

std::size_t cleanup()
{
    return sweep_debris().size();
}

} // namespace proclab
