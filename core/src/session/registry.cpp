// The session registry's shared-memory object: create, open, validate, reclaim; read-only peeks.
#include "session/registry.h"

#include "shm/segment_header.h"
#include "shm/tracker.h"
#include "system/proc_stat.h"

#include <proclab/debris.h>

#include <proclab/errors.h>

#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace proclab::detail {

std::string RegistryMap::shm_name(const std::string& session)
{
    return "proclab-" + std::to_string(geteuid()) + "-session-" + session;
}

void RegistryMap::validate(const std::string& session)
{
    if (session.empty() || session.size() > registry::kNameMax)
        throw ValueError("session name '" + session + "' must have 1 to 64 characters");
    for (char c : session)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'))
            throw ValueError("session name '" + session + "' may only contain letters, digits, '_' and '-'");
}

bool RegistryMap::creator_alive(const registry::Header& h) noexcept
{
    if (h.creator <= 0)
        return false;
    if (::kill(h.creator, 0) != 0 && errno == ESRCH)
        return false;
    const std::uint64_t st = process_starttime(h.creator);
    return st != 0 && st == h.creator_starttime;
}

std::shared_ptr<RegistryMap> RegistryMap::create(const std::string& name)
{
    validate(name);
    static const bool swept = [] {
        sweep_at_start(); // what killed programs left, before this session adds to /dev/shm
        start_tracker_once();
        return true;
    }();
    static_cast<void>(swept);
    const std::string path = "/" + shm_name(name);
    // The tracker hears of the name before it exists: killed between the creation and the hold,
    // this program leaves nothing the tracker does not know of (one it never made is Gone to it).
    note_created(shm_name(name));
    for (int attempt = 0; attempt < 3; ++attempt) {
        int fd = shm_open(path.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
        if (fd < 0 && errno == EEXIST && attempt < 2) {
            // A leftover: replace it when its creator is gone, refuse when it is live.
            try {
                auto old = open(name);
                if (creator_alive(old->layout().header))
                    throw Error("session '" + name + "' already exists (created by live process " +
                                std::to_string(old->layout().header.creator) + ")");
            } catch (const NotFound&) {
            } catch (const ValueError&) {
                throw;
            } catch (const Error& e) {
                if (std::string(e.what()).find("already exists") != std::string::npos)
                    throw;
            }
            shm_unlink(path.c_str()); // processes still attached keep their mapping
            continue;
        }
        if (fd < 0)
            throw Error("cannot create session '" + name + "': " + std::strerror(errno));
        flock(fd, LOCK_SH);
        fchmod(fd, 0600); // whatever the umask: open() accepts nothing else
        if (struct stat created{}; fstat(fd, &created) == 0 && created.st_nlink == 0) {
            ::close(fd); // a sweep took it for debris before our hold
            continue;
        }
        if (ftruncate(fd, sizeof(registry::Layout)) != 0) {
            int err = errno;
            ::close(fd);
            shm_unlink(path.c_str());
            throw Error("cannot size session '" + name + "': " + std::strerror(err));
        }
        void* map = mmap(nullptr, sizeof(registry::Layout), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (map == MAP_FAILED) {
            int err = errno;
            ::close(fd);
            shm_unlink(path.c_str());
            throw Error("cannot map session '" + name + "': " + std::strerror(err));
        }
        auto* l = static_cast<registry::Layout*>(map);
        auto& h = l->header;
        h.version = registry::kLayoutVersion;
        h.total_size = sizeof(registry::Layout);
        std::snprintf(h.name, sizeof h.name, "%s", name.c_str());
        h.creator = getpid();
        h.creator_starttime = process_starttime(getpid());
        h.created_mono_ns = now_ns();
        h.created_real_s = static_cast<std::int64_t>(time(nullptr));
        h.alloc.init(false);
        std::atomic_thread_fence(std::memory_order_release);
        reinterpret_cast<std::atomic<std::uint32_t>*>(&h.magic)->store(registry::kMagic, std::memory_order_release);
        std::shared_ptr<RegistryMap> m(new RegistryMap);
        m->m_session = name;
        m->m_fd = fd;
        m->m_layout = l;
        m->m_creator = true;
        struct stat st {};
        if (fstat(fd, &st) == 0)
            m->m_inode = st.st_ino;
        return m;
    }
    throw Error("cannot create session '" + name + "': the name is in use");
}

std::shared_ptr<RegistryMap> RegistryMap::open(const std::string& name)
{
    validate(name);
    const std::string path = "/" + shm_name(name);
    int fd = shm_open(path.c_str(), O_RDWR | O_CLOEXEC, 0);
    if (fd < 0) {
        if (errno == ENOENT)
            throw NotFound("no session '" + name + "' exists (see `proclab-cli sessions`)");
        throw Error("cannot open session '" + name + "': " + std::strerror(errno));
    }
    flock(fd, LOCK_SH);
    struct stat st {};
    if (fstat(fd, &st) != 0 || st.st_nlink == 0) {
        ::close(fd);
        throw NotFound("no session '" + name + "' exists (it was just removed)");
    }
    // Only a segment this user owns, that nobody else can read or write, is trusted.
    if (st.st_uid != geteuid()) {
        ::close(fd);
        throw Error("cannot open session '" + name + "': its segment /dev/shm" + path + " belongs to uid " +
                    std::to_string(st.st_uid) + ", not to this user (uid " + std::to_string(geteuid()) + ")");
    }
    if ((st.st_mode & 07777) != 0600) {
        ::close(fd);
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        throw Error("cannot open session '" + name + "': its segment /dev/shm" + path + " has mode " + mode +
                    ", not 0600 (other users could read or change it)");
    }
    // The creator sizes and fills it right after creating it: only an empty one is waited for.
    for (int i = 0; i < 2000 && st.st_size == 0; ++i) {
        timespec ms{0, 1'000'000};
        nanosleep(&ms, nullptr);
        fstat(fd, &st);
    }
    if (static_cast<std::size_t>(st.st_size) != sizeof(registry::Layout)) {
        ::close(fd);
        throw Error("cannot open session '" + name + "': it is not a session of this ProcLab version");
    }
    void* map = mmap(nullptr, sizeof(registry::Layout), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED) {
        int err = errno;
        ::close(fd);
        throw Error("cannot map session '" + name + "': " + std::strerror(err));
    }
    auto* l = static_cast<registry::Layout*>(map);
    auto* magic = reinterpret_cast<std::atomic<std::uint32_t>*>(&l->header.magic);
    for (int i = 0; i < 2000 && magic->load(std::memory_order_acquire) == 0; ++i) {
        timespec ms{0, 1'000'000};
        nanosleep(&ms, nullptr);
    }
    if (magic->load(std::memory_order_acquire) != registry::kMagic || l->header.version != registry::kLayoutVersion ||
        l->header.total_size != sizeof(registry::Layout)) {
        munmap(map, sizeof(registry::Layout));
        ::close(fd);
        throw Error("cannot open session '" + name + "': it is not a session of this ProcLab version");
    }
    std::shared_ptr<RegistryMap> m(new RegistryMap);
    m->m_session = name;
    m->m_fd = fd;
    m->m_layout = l;
    return m;
}

RegistryMap::~RegistryMap()
{
    if (m_layout)
        munmap(m_layout, sizeof(registry::Layout));
    if (m_creator) {
        // The session ends with its creator's handle, even if children (a forkserver) still
        // have it mapped: they keep writing into memory that nobody can open any more.
        struct stat st {};
        const std::string path = "/dev/shm/" + shm_name(m_session);
        if (::stat(path.c_str(), &st) == 0 && st.st_ino == m_inode)
            shm_unlink(("/" + shm_name(m_session)).c_str());
    }
    release_hold();
}

void RegistryMap::release_hold() noexcept
{
    if (m_fd >= 0) {
        // A mapping keeps the open file (and so its flock) alive: replace it with private memory
        // at the same address, where a late write of another thread does no harm.
        if (m_layout) {
            void* p = mmap(m_layout, sizeof(registry::Layout), PROT_READ | PROT_WRITE,
                           MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (p == MAP_FAILED) {
                munmap(m_layout, sizeof(registry::Layout));
                m_layout = nullptr;
            }
        }
        ::close(m_fd);
        m_fd = -1;
        // The last holder removes it (as Segment does).
        const std::string path = "/" + shm_name(m_session);
        int fd = shm_open(path.c_str(), O_RDWR | O_CLOEXEC, 0);
        if (fd >= 0) {
            struct stat st {};
            if (flock(fd, LOCK_EX | LOCK_NB) == 0 && fstat(fd, &st) == 0 && st.st_nlink > 0)
                shm_unlink(path.c_str());
            ::close(fd);
        }
    }
}

PeekMap::~PeekMap()
{
    if (map)
        munmap(map, map_size);
}

std::unique_ptr<PeekMap> peek_segment(const std::string& name) noexcept
{
    int fd = shm_open(("/" + name).c_str(), O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0)
        return nullptr;
    struct stat st {};
    if (fstat(fd, &st) != 0 || static_cast<std::size_t>(st.st_size) < kSegmentHeaderSize || st.st_uid != geteuid()) {
        ::close(fd);
        return nullptr;
    }
    void* map = mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_SHARED, fd, 0);
    ::close(fd);
    if (map == MAP_FAILED)
        return nullptr;
    auto p = std::make_unique<PeekMap>();
    p->map = map;
    p->map_size = static_cast<std::size_t>(st.st_size);
    const auto* h = static_cast<const SegmentHeader*>(map);
    if (h->magic != kSegmentMagic || h->size > p->map_size - kSegmentHeaderSize)
        return nullptr;
    p->data = static_cast<const char*>(map) + kSegmentHeaderSize;
    p->size = h->size;
    p->kind.assign(h->kind, strnlen(h->kind, sizeof h->kind));
    return p;
}

} // namespace proclab::detail
