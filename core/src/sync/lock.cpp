// Lock and RLock over detail::RobustMutex, and the LockCore shared with Condition, Value, Array.
#include <cstdio>
#include <cstring>
#include <proclab/errors.h>
#include <proclab/lock.h>

#include "session/registry.h"
#include "sync/futex.h"
#include "sync/sync.h"

#include <cerrno>
#include <pthread.h>
#include <unistd.h>

namespace proclab::detail {

namespace {
std::atomic<pid_t> g_pid{0};

void refresh_pid() noexcept
{
    g_pid.store(::getpid(), std::memory_order_relaxed);
}

// In a forked child: the pid is asked of the kernel when first needed (a child that never needs
// it makes no system call for it).
void forget_pid() noexcept
{
    g_pid.store(0, std::memory_order_relaxed);
}
} // namespace

void note_current_pid(pid_t pid) noexcept
{
    g_pid.store(pid, std::memory_order_relaxed);
}

pid_t current_pid() noexcept
{
    pid_t p = g_pid.load(std::memory_order_relaxed);
    if (p == 0) {
        static const bool registered = [] {
            pthread_atfork(nullptr, nullptr, &forget_pid);
            return true;
        }();
        (void)registered;
        refresh_pid();
        p = g_pid.load(std::memory_order_relaxed);
    }
    return p;
}

std::string kind_of(const std::string& segment_name)
{
    // "proclab-<uid>-<kind>-<hex>"
    auto a = segment_name.find('-');
    auto b = a == std::string::npos ? a : segment_name.find('-', a + 1);
    auto c = b == std::string::npos ? b : segment_name.find('-', b + 1);
    if (c == std::string::npos)
        return {};
    return segment_name.substr(b + 1, c - b - 1);
}

bool counted_wait(std::atomic<std::uint32_t>& word, std::uint32_t expected, std::atomic<std::uint32_t>& waiters,
                  WaitOp op, const std::optional<timespec>& deadline)
{
    waiters.fetch_add(1, std::memory_order_seq_cst);
    bool in_time = true;
    try {
        monitor::Blocked shown(&word, op);
        in_time = futex_wait(word, expected, deadline);
    } catch (...) {
        waiters.fetch_sub(1);
        throw;
    }
    waiters.fetch_sub(1, std::memory_order_relaxed);
    return in_time;
}

void* sized_data(const Segment& segment, std::size_t size, const char* kind)
{
    if (segment.size() < size)
        throw Error("cannot open " + std::string(kind) + " '" + segment.name() + "': it is too small");
    return segment.data();
}

void init_lock_state(LockState* state, bool recursive)
{
    state->mutex.init(recursive);
    state->owner.store(0, std::memory_order_relaxed);
    state->recursive = recursive ? 1 : 0;
    state->depth = 0;
    state->owner_thread = 0;
}

LockCore::LockCore(std::shared_ptr<Segment> segment, bool recursive, const char* type)
    : m_segment(std::move(segment))
    , m_recursive(recursive)
    , m_type(type)
{
    if (m_segment->size() < sizeof(LockState))
        throw Error("cannot open " + describe() + ": the object holds no lock");
    m_state = static_cast<LockState*>(m_segment->data());
    if ((m_state->recursive != 0) != recursive)
        throw Error("cannot open " + describe() + ": it holds " +
                    (m_state->recursive ? "an RLock, not a Lock" : "a Lock, not an RLock"));
}

void LockCore::check() const
{
    if (!m_state)
        throw ValueError(std::string("empty ") + m_type + " handle (it refers to no shared object)");
}

std::string LockCore::describe() const
{
    return std::string(m_type) + " '" + (m_segment ? m_segment->name() : std::string()) + "'";
}

const std::string& LockCore::name() const
{
    static const std::string empty;
    return m_segment ? m_segment->name() : empty;
}

bool LockCore::acquire(bool block, std::optional<std::chrono::nanoseconds> timeout)
{
    check();
    monitor::gate(SchedOp::Acquire, m_segment.get() ? m_segment->data() : nullptr);
    RobustMutex::Result r;
    const std::int64_t t0 = monitor::attached() ? now_ns() : 0;
    try {
        r = block ? m_state->mutex.lock(timeout) : m_state->mutex.try_lock();
    } catch (const ValueError&) {
        throw ValueError(describe() + " is already held by this thread: a Lock is not re-entrant, use RLock");
    }
    if (r == RobustMutex::Result::Timeout)
        return false;
    const bool died = r == RobustMutex::Result::OwnerDied;
    if (m_recursive) {
        if (died)
            m_state->depth = 0; // the dead holder's levels are gone
        if (++m_state->depth > 1)
            return true; // re-entered: nothing else changes
    }
    m_previous_owner_died = died;
    if (t0) {
        const std::int64_t waited = now_ns() - t0;
        if (waited > 20'000) // waited for it: always shown
            monitor::record(EventKind::Acquire, monitor::id_of(m_segment.get()), waited, 1);
        else if (monitor::sample())
            monitor::record_sampled(m_segment.get(), EventKind::Acquire, waited);
    }
    return true;
}

bool LockCore::held_by_caller() const noexcept
{
    return m_state && m_state->mutex.held_by_caller();
}

void LockCore::release()
{
    check();
    if (!held_by_caller()) {
        if (m_recursive)
            throw ValueError("cannot release un-acquired/unowned " + describe() +
                             ": only the thread that acquired it may release it");
        throw ValueError("release of " + describe() + ", which the caller does not hold");
    }
    monitor::gate(SchedOp::Release, m_segment->data());
    if (m_recursive && --m_state->depth > 0) {
        m_state->mutex.unlock();
        return;
    }
    m_state->mutex.unlock();
    if (monitor::sample())
        monitor::record_sampled(m_segment.get(), EventKind::Release, 0);
}

std::uint32_t LockCore::release_all()
{
    if (!held_by_caller())
        throw ValueError(describe() + " is not held by the caller");
    std::uint32_t levels = m_recursive ? m_state->depth : 1;
    for (std::uint32_t i = 0; i < levels; ++i)
        release();
    return levels;
}

void LockCore::acquire_restore(std::uint32_t depth)
{
    acquire(true, std::nullopt);
    for (std::uint32_t i = 1; i < depth; ++i)
        acquire(true, std::nullopt);
}

std::uint32_t LockCore::owner_deaths() const noexcept
{
    return m_state ? m_state->mutex.owner_deaths : 0;
}

pid_t LockCore::owner() const noexcept
{
    const std::uint32_t tid = m_state ? m_state->mutex.holder() : 0;
    if (tid == 0)
        return 0;
    // The word holds the holder's thread id; its process is the thread group.
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%u/status", tid);
    if (FILE* f = std::fopen(path, "re")) {
        char line[256];
        pid_t tgid = 0;
        while (std::fgets(line, sizeof line, f))
            if (std::sscanf(line, "Tgid: %d", &tgid) == 1)
                break;
        std::fclose(f);
        if (tgid > 0)
            return tgid;
    }
    return static_cast<pid_t>(tid);
}

std::uint32_t LockCore::depth() const noexcept
{
    if (!m_state || m_state->mutex.holder() == 0)
        return 0;
    return m_recursive ? m_state->depth : 1;
}

LockCore open_lock_core(const std::string& name, bool recursive, const char* type)
{
    // The lock of a Condition (Lock), a Value or an Array (RLock) opens by that object's name.
    const std::string kind = kind_of(name);
    const bool embedded = recursive ? (kind == "value" || kind == "array") : kind == "condition";
    return LockCore(Segment::open(name, embedded ? kind : std::string(recursive ? "rlock" : "lock")), recursive, type);
}

} // namespace proclab::detail

namespace proclab {

namespace {
void init_lock(void* data, std::size_t, void* recursive)
{
    detail::init_lock_state(static_cast<detail::LockState*>(data), recursive != nullptr);
}
int g_yes;
} // namespace

Lock::Lock()
    : LockHandle(detail::LockCore(detail::Segment::create("lock", sizeof(detail::LockState), &init_lock, nullptr),
                                  false, "Lock"))
{
}

Lock::Lock(detail::Adopt, std::shared_ptr<detail::Segment> segment)
{
    if (segment)
        m_core = detail::LockCore(std::move(segment), false, "Lock");
}

Lock Lock::open(const std::string& name)
{
    Lock l(detail::Adopt{}, nullptr);
    l.m_core = detail::open_lock_core(name, false, "Lock");
    return l;
}

RLock::RLock()
    : LockHandle(detail::LockCore(detail::Segment::create("rlock", sizeof(detail::LockState), &init_lock, &g_yes), true,
                                  "RLock"))
{
}

RLock::RLock(detail::Adopt, std::shared_ptr<detail::Segment> segment)
{
    if (segment)
        m_core = detail::LockCore(std::move(segment), true, "RLock");
}

RLock RLock::open(const std::string& name)
{
    RLock l(detail::Adopt{}, nullptr);
    l.m_core = detail::open_lock_core(name, true, "RLock");
    return l;
}

} // namespace proclab

namespace proclab::detail {
namespace {
pid_t tgid_of(std::uint32_t tid) noexcept
{
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%u/status", tid);
    FILE* f = std::fopen(path, "re");
    if (!f)
        return static_cast<pid_t>(tid);
    char line[256];
    pid_t tgid = static_cast<pid_t>(tid);
    while (std::fgets(line, sizeof line, f))
        if (std::strncmp(line, "Tgid:", 5) == 0) {
            tgid = static_cast<pid_t>(std::atoi(line + 5));
            break;
        }
    std::fclose(f);
    return tgid;
}
} // namespace

pid_t lock_owner_pid(const LockState& s) noexcept
{
    const std::uint32_t tid = s.mutex.word.load(std::memory_order_acquire) & ~RobustMutex::kWaiters;
    return tid ? tgid_of(tid) : 0;
}

void peek_lock(const void* data, std::size_t size, ObjectRecord& r) noexcept
{
    const auto* s = peek_as<LockState>(data, size);
    if (!s)
        return;
    const std::uint32_t w = s->mutex.word.load(std::memory_order_acquire);
    r.owner = lock_owner_pid(*s);
    r.waiters = (w & RobustMutex::kWaiters) ? 1 : 0;
    r.value = s->recursive ? s->mutex.depth : (r.owner ? 1 : 0);
    if (s->recursive)
        r.kind = ObjectKind::RLock;
}
} // namespace proclab::detail
