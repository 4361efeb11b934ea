// SharedMemory over shm_open. Holders keep a shared flock on the object (as Segment does), so the
// creator can tell at exit whether anyone else still has it open.
#include <proclab/detail/segment.h>
#include <proclab/errors.h>
#include <proclab/shared_memory.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace proclab {

namespace {

// Blocks created by this process and not unlinked: a hold (shared flock) until exit.
struct Created {
    std::string name;
    int fd;
    dev_t dev;
    ino_t ino;
};
std::mutex g_mutex;
pid_t g_owner_pid = 0; // the process whose list this is (a fork child inherits a copy: not its own)
std::vector<Created>& created()
{
    static auto* v = new std::vector<Created>;
    return *v;
}

void unlink_created_at_exit()
{
    std::lock_guard lock(g_mutex);
    if (g_owner_pid != ::getpid())
        return;
    for (const Created& c : created()) {
        ::close(c.fd);
        const std::string path = "/" + c.name;
        int fd = shm_open(path.c_str(), O_RDONLY | O_CLOEXEC, 0);
        if (fd < 0)
            continue;
        struct stat st {};
        // Only the same object (not one re-created under the name), and only if nobody holds it.
        if (fstat(fd, &st) == 0 && st.st_dev == c.dev && st.st_ino == c.ino && flock(fd, LOCK_EX | LOCK_NB) == 0)
            shm_unlink(path.c_str());
        ::close(fd);
    }
    created().clear();
}

void remember_created(const std::string& name, int fd)
{
    struct stat st {};
    fstat(fd, &st);
    int hold = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (hold < 0)
        return;
    std::lock_guard lock(g_mutex);
    if (g_owner_pid != ::getpid()) {
        // First block of this process (or of a fork child: the inherited list is the parent's).
        for (const Created& c : created())
            ::close(c.fd);
        created().clear();
        if (g_owner_pid == 0)
            std::atexit(unlink_created_at_exit);
        g_owner_pid = ::getpid();
    }
    created().push_back({name, hold, st.st_dev, st.st_ino});
}

void forget_created(const std::string& name)
{
    std::lock_guard lock(g_mutex);
    if (g_owner_pid != ::getpid())
        return;
    auto& v = created();
    for (auto it = v.begin(); it != v.end();) {
        if (it->name == name) {
            ::close(it->fd);
            it = v.erase(it);
        } else {
            ++it;
        }
    }
}

std::string describe(const std::string& name)
{
    return "SharedMemory '" + name + "'";
}

} // namespace

struct SharedMemory::Impl {
    std::string name;
    int fd = -1;
    void* map = nullptr;
    std::size_t size = 0;
    bool closed = false;
    std::mutex mutex;

    void close() noexcept
    {
        std::lock_guard lock(mutex);
        if (closed)
            return;
        closed = true;
        if (map && size > 0)
            munmap(map, size);
        map = nullptr;
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
    ~Impl() { close(); }
};

SharedMemory::SharedMemory(const std::string& name_in, bool create, std::ptrdiff_t size)
{
    std::string name = name_in;
    if (!name.empty() && name.front() == '/' && name.find('/', 1) == std::string::npos)
        name.erase(0, 1); // Python accepts (and strips) one leading slash
    if (name.find('/') != std::string::npos)
        throw ValueError("invalid SharedMemory name '" + name_in + "': it must not contain '/'");
    if (name.size() > 200)
        throw ValueError("invalid SharedMemory name '" + name_in + "': longer than 200 characters");
    if (name.empty() && !create)
        throw ValueError("SharedMemory: an empty name is only allowed with create=true");
    if (size < 0)
        throw ValueError(describe(name) + ": size must be a positive number, got " + std::to_string(size));
    if (create && size == 0)
        throw ValueError(describe(name) + ": size must be a positive number different from zero");

    auto impl = std::make_shared<Impl>();
    int fd = -1;
    if (create) {
        const bool generated = name.empty();
        for (int attempt = 0; attempt < 16; ++attempt) {
            if (generated)
                name = detail::unique_name("shm");
            fd = shm_open(("/" + name).c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
            if (fd >= 0 || errno != EEXIST || !generated)
                break;
        }
        if (fd < 0) {
            if (errno == EEXIST)
                throw Error(describe(name) + " already exists (open it with create=false)");
            throw Error("cannot create " + describe(name) + ": " + std::strerror(errno));
        }
        flock(fd, LOCK_SH);
        if (ftruncate(fd, static_cast<off_t>(size)) != 0) {
            const int err = errno;
            shm_unlink(("/" + name).c_str());
            ::close(fd);
            throw Error("cannot size " + describe(name) + " to " + std::to_string(size) +
                        " bytes: " + std::strerror(err));
        }
        impl->size = static_cast<std::size_t>(size);
    } else {
        fd = shm_open(("/" + name).c_str(), O_RDWR | O_CLOEXEC, 0);
        if (fd < 0) {
            const int err = errno;
            if (err == ENOENT)
                throw NotFound("no " + describe(name) + " exists (never created, or unlinked)");
            if (err == EACCES)
                throw Error("cannot open " + describe(name) + ": permission denied (it belongs to another user?)");
            throw Error("cannot open " + describe(name) + ": " + std::strerror(err));
        }
        flock(fd, LOCK_SH);
        struct stat st {};
        if (fstat(fd, &st) != 0) {
            ::close(fd);
            throw Error("cannot open " + describe(name) + ": " + std::strerror(errno));
        }
        if (st.st_uid != geteuid()) {
            ::close(fd);
            throw Error("cannot open " + describe(name) + ": it belongs to another user");
        }
        impl->size = static_cast<std::size_t>(st.st_size);
    }
    impl->name = name;
    impl->fd = fd;
    if (impl->size > 0) {
        void* map = mmap(nullptr, impl->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (map == MAP_FAILED) {
            const int err = errno;
            if (create)
                shm_unlink(("/" + name).c_str());
            throw Error("cannot map " + describe(name) + ": " + std::strerror(err));
        }
        impl->map = map;
    }
    if (create)
        remember_created(name, fd);
    m_impl = std::move(impl);
}

std::span<std::byte> SharedMemory::buf() const
{
    if (!m_impl)
        throw ValueError("empty SharedMemory handle (it refers to no block)");
    std::lock_guard lock(m_impl->mutex);
    if (m_impl->closed)
        throw ValueError(describe(m_impl->name) + " is closed in this process (close() was called)");
    return {static_cast<std::byte*>(m_impl->map), m_impl->size};
}

const std::string& SharedMemory::name() const
{
    static const std::string empty;
    return m_impl ? m_impl->name : empty;
}

std::size_t SharedMemory::size() const noexcept
{
    return m_impl ? m_impl->size : 0;
}

void SharedMemory::close() noexcept
{
    if (m_impl)
        m_impl->close();
}

bool SharedMemory::closed() const noexcept
{
    if (!m_impl)
        return true;
    std::lock_guard lock(m_impl->mutex);
    return m_impl->closed;
}

void SharedMemory::unlink()
{
    if (!m_impl)
        throw ValueError("empty SharedMemory handle (it refers to no block)");
    forget_created(m_impl->name);
    if (shm_unlink(("/" + m_impl->name).c_str()) != 0) {
        if (errno == ENOENT)
            throw NotFound("cannot unlink " + describe(m_impl->name) + ": it no longer exists (already unlinked)");
        throw Error("cannot unlink " + describe(m_impl->name) + ": " + std::strerror(errno));
    }
}

} // namespace proclab
