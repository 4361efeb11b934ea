// Named shared-memory objects with holder-counted lifetime (flock) and crash-leftover reclaim.
#include <proclab/detail/segment.h>
#include <proclab/errors.h>

#include "session/registry.h"
#include "shm/segment_header.h"
#include "shm/segment_registry.h"
#include "shm/tracker.h"
#include "sync/futex.h"
#include <proclab/detail/monitor.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <dirent.h>
#include <fcntl.h>
#include <mutex>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>
#include <vector>

namespace proclab::detail {

namespace {

constexpr std::uint32_t kMagic = kSegmentMagic;
constexpr std::uint32_t kVersion = kSegmentVersion;
constexpr std::size_t kHeaderSize = kSegmentHeaderSize;
using Header = SegmentHeader;

std::string prefix()
{
    return "proclab-" + std::to_string(geteuid()) + "-";
}

std::string os_error(int err)
{
    return std::strerror(err);
}

// Unlinks `name` when no process holds it any more. `fd` must not be one of ours that holds it.
bool unlink_if_unheld(const std::string& name)
{
    int fd = shm_open(("/" + name).c_str(), O_RDWR | O_CLOEXEC, 0);
    if (fd < 0)
        return false;
    bool removed = false;
    if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
        struct stat st {};
        if (fstat(fd, &st) == 0 && st.st_nlink > 0)
            removed = shm_unlink(("/" + name).c_str()) == 0;
    }
    ::close(fd); // releases the exclusive lock with the description
    return removed;
}

std::once_flag g_cleanup_once;

// Live segments of this process, so that a forked child can release what it inherited at exit.
// Created with the first segment: a process that never had one (a forked child's common case)
// leaves at exit without touching the mutex.
std::mutex g_live_mutex;
std::atomic<std::vector<Segment*>*> g_live{nullptr};
std::vector<Segment*>& live() // requires g_live_mutex
{
    auto* v = g_live.load(std::memory_order_relaxed);
    if (!v) {
        v = new std::vector<Segment*>;
        g_live.store(v, std::memory_order_release);
    }
    return *v;
}

} // namespace

std::string unique_name(std::string_view kind)
{
    unsigned char raw[12];
    if (getrandom(raw, sizeof raw, 0) != static_cast<ssize_t>(sizeof raw))
        throw Error("cannot create a shared object name: getrandom failed");
    static const char* digits = "0123456789abcdef";
    std::string name = prefix() + std::string(kind) + "-";
    for (unsigned char c : raw) {
        name += digits[c >> 4];
        name += digits[c & 15];
    }
    return name;
}

std::shared_ptr<Segment> Segment::create(std::string_view kind, std::size_t size,
                                         void (*init)(void*, std::size_t, void*), void* ctx)
{
    std::call_once(g_cleanup_once, [] {
        if (!start_tracker_once())
            sweep_at_start(); // without a tracker, which sweeps at its start
    });
    if (kind.size() >= sizeof(Header::kind))
        throw Error("internal: shared object kind too long");
    std::shared_ptr<Segment> s(new Segment);
    std::string path;
    for (int attempt = 0;; ++attempt) {
        s->m_name = unique_name(kind);
        path = "/" + s->m_name;
        // The tracker hears of the name before it exists: killed between the creation and the
        // hold, this program leaves nothing the tracker does not know of.
        note_created(s->m_name);
        s->m_fd = shm_open(path.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
        if (s->m_fd < 0)
            throw Error("cannot create shared " + std::string(kind) + " '" + s->m_name + "': " + os_error(errno));
        flock(s->m_fd, LOCK_SH);
        // A sweep of another program may have taken it for debris before our hold: a new name.
        struct stat st {};
        if (fstat(s->m_fd, &st) == 0 && st.st_nlink > 0)
            break;
        ::close(s->m_fd);
        s->m_fd = -1;
        if (attempt == 8)
            throw Error("cannot create shared " + std::string(kind) + ": its name keeps being removed");
    }
    s->m_map_size = kHeaderSize + size;
    if (ftruncate(s->m_fd, static_cast<off_t>(s->m_map_size)) != 0) {
        int err = errno;
        shm_unlink(path.c_str());
        throw Error("cannot size shared " + std::string(kind) + " '" + s->m_name + "' to " + std::to_string(size) +
                    " bytes: " + os_error(err));
    }
    void* map = mmap(nullptr, s->m_map_size, PROT_READ | PROT_WRITE, MAP_SHARED, s->m_fd, 0);
    if (map == MAP_FAILED) {
        int err = errno;
        shm_unlink(path.c_str());
        throw Error("cannot map shared " + std::string(kind) + " '" + s->m_name + "': " + os_error(err));
    }
    s->m_map = map;
    s->m_data = static_cast<char*>(map) + kHeaderSize;
    s->m_size = size;
    auto* h = static_cast<Header*>(map);
    h->magic = kMagic;
    h->version = kVersion;
    h->creator = static_cast<std::int32_t>(getpid());
    h->creator_start = own_starttime();
    std::memcpy(h->kind, kind.data(), kind.size());
    h->size = size;
    if (init)
        init(s->m_data, size, ctx);
    h->ready.store(1, std::memory_order_release);
    futex_wake(h->ready, INT32_MAX);
    {
        std::lock_guard lock(g_live_mutex);
        live().push_back(s.get());
    }
    monitor::object_created(*s, kind);
    return s;
}

std::shared_ptr<Segment> Segment::open(const std::string& name, std::string_view kind)
{
    monitor::ensure_attached();
    const std::string what = std::string(kind) + " '" + name + "'";
    if (name.empty() || name.find('/') != std::string::npos || name.rfind("proclab-", 0) != 0)
        throw ValueError("'" + name + "' is not the name of a ProcLab shared object (it starts with \"proclab-\")");
    if (name.rfind(prefix(), 0) != 0)
        throw Error("cannot open " + what + ": it belongs to another user");
    std::shared_ptr<Segment> s(new Segment);
    s->m_name = name;
    s->m_fd = shm_open(("/" + name).c_str(), O_RDWR | O_CLOEXEC, 0);
    if (s->m_fd < 0) {
        int err = errno;
        if (err == ENOENT)
            throw NotFound("no shared " + what + " exists (it was never created, or all its users have closed it)");
        throw Error("cannot open " + what + ": " + os_error(err));
    }
    flock(s->m_fd, LOCK_SH); // waits while a last user is removing it
    struct stat st {};
    if (fstat(s->m_fd, &st) != 0 || st.st_nlink == 0)
        throw NotFound("no shared " + what + " exists (its last user just removed it)");
    if (st.st_uid != geteuid())
        throw Error("cannot open " + what + ": it belongs to another user");
    // The creator sizes it right after creating it.
    for (int i = 0; i < 1000 && static_cast<std::size_t>(st.st_size) < kHeaderSize; ++i) {
        struct timespec ms {
            0, 1'000'000
        };
        nanosleep(&ms, nullptr);
        fstat(s->m_fd, &st);
    }
    if (static_cast<std::size_t>(st.st_size) < kHeaderSize)
        throw Error("cannot open " + what + ": it is not a ProcLab object (too small)");
    s->m_map_size = static_cast<std::size_t>(st.st_size);
    void* map = mmap(nullptr, s->m_map_size, PROT_READ | PROT_WRITE, MAP_SHARED, s->m_fd, 0);
    if (map == MAP_FAILED)
        throw Error("cannot map " + what + ": " + os_error(errno));
    s->m_map = map;
    auto* h = static_cast<Header*>(map);
    auto deadline = deadline_after(std::chrono::seconds(2));
    while (h->ready.load(std::memory_order_acquire) == 0 && !expired(deadline))
        futex_wait(h->ready, 0, deadline);
    if (h->magic != kMagic || h->version != kVersion || h->ready.load() == 0)
        throw Error("cannot open " + what + ": it is not a ProcLab object of this version");
    std::string actual(h->kind, strnlen(h->kind, sizeof h->kind));
    if (actual != kind)
        throw Error("cannot open " + what + ": it is a " + actual + ", not a " + std::string(kind));
    s->m_data = static_cast<char*>(map) + kHeaderSize;
    s->m_size = h->size;
    std::lock_guard lock(g_live_mutex);
    live().push_back(s.get());
    return s;
}

Segment::~Segment()
{
    {
        std::lock_guard lock(g_live_mutex);
        std::erase(live(), this);
    }
    if (m_map)
        munmap(m_map, m_map_size);
    if (m_fd >= 0) {
        ::close(m_fd); // our hold ends with the last fd on this description (forked children share it)
        if (unlink_if_unheld(m_name))
            monitor::object_destroyed(m_name);
    }
}

int Segment::release_fd_for_exit() noexcept
{
    if (m_map) {
        munmap(m_map, m_map_size);
        m_map = nullptr;
        m_data = nullptr;
    }
    return std::exchange(m_fd, -1);
}

void release_inherited_segments() noexcept
{
    if (!g_live.load(std::memory_order_acquire))
        return;
    std::lock_guard lock(g_live_mutex);
    for (Segment* s : live()) {
        int fd = s->release_fd_for_exit();
        if (fd >= 0) {
            ::close(fd);
            if (unlink_if_unheld(s->name()))
                monitor::object_destroyed(s->name());
        }
    }
}

Segment* segment_containing(const void* address) noexcept
{
    std::lock_guard lock(g_live_mutex);
    const char* a = static_cast<const char*>(address);
    for (Segment* s : live()) {
        const char* base = static_cast<const char*>(s->data());
        if (a >= base && a < base + s->size())
            return s;
    }
    return nullptr;
}

} // namespace proclab::detail
