// The queue engine: a crash-safe byte ring in shared memory (see detail/byte_queue.h).
#include "session/registry.h"
#include <proclab/detail/byte_queue.h>
#include <proclab/detail/monitor.h>
#include <proclab/detail/robust_mutex.h>
#include <proclab/detail/segment.h>
#include <proclab/errors.h>

#include "sync/futex.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif
#include <linux/membarrier.h>
#include <mutex>
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <vector>

namespace proclab::detail {

using namespace queue_detail;

void queue_detail::copy_bytes(void* to, const void* from, std::size_t size) noexcept
{
    std::memcpy(to, from, size);
}

void queue_detail::copy_to_ring(void* to, const void* from, std::size_t size) noexcept
{
#if defined(__x86_64__)
    auto* d = static_cast<__m128i*>(to);
    const auto* p = static_cast<const char*>(from);
    std::size_t i = 0;
    for (; i + 64 <= size; i += 64, d += 4, p += 64) {
        const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16));
        const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 32));
        const __m128i e = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 48));
        _mm_stream_si128(d, a);
        _mm_stream_si128(d + 1, b);
        _mm_stream_si128(d + 2, c);
        _mm_stream_si128(d + 3, e);
    }
    if (i < size)
        std::memcpy(d, p, size - i);
    _mm_sfence(); // the streaming stores are weakly ordered: done before the publishing store
#else
    std::memcpy(to, from, size);
#endif
}

namespace {

constexpr std::size_t kRingOffset = (sizeof(QueueShared) + 63) / 64 * 64;
constexpr std::uint64_t kNoNeed = UINT64_MAX;

// Spins (about 50 us at most) until `ready()`; true when it became ready. Yields now and then:
// when the peer shares this CPU (a loaded machine), spinning only delays it (8 B messages 1->1
// sharing one CPU: 730 ns -> 30 ns each).
// `pauses` between two looks: each look takes the peer's line away from it (a pause is ~25 ns on
// the Zen 4 VM; 2 measured best for 8 B 1->1 without costing the ping-pong's latency).
template <class F>
bool spin_until(F ready, int pauses = 1)
{
    for (int i = 0; i < 2000 / pauses; ++i) {
        if (ready())
            return true;
        if ((i & 127) == 127)
            sched_yield();
#if defined(__x86_64__) || defined(__i386__)
        for (int k = 0; k < pauses; ++k)
            __builtin_ia32_pause();
#endif
    }
    return false;
}

// Blocked waiters re-check this often even without a wake: heals a wake lost to a killed process.
constexpr std::chrono::milliseconds kRecheck{200};

struct PartRef {
    std::uint64_t id;
    std::uint64_t size;
};

std::size_t round_pow2(std::size_t n)
{
    std::size_t p = ByteQueue::kMinRingBytes;
    while (p < n)
        p <<= 1;
    return p;
}

struct InitArgs {
    std::uint64_t capacity;
    std::int64_t maxsize;
    bool fast;
};

// membarrier(GLOBAL_EXPEDITED) reaches the threads of processes that registered for it: every
// process that uses a fast queue registers once (again in a fork child, to be safe).
std::atomic<bool> g_membarrier_registered{false};
std::once_flag g_membarrier_atfork;

long membarrier(int cmd) noexcept
{
    return syscall(__NR_membarrier, cmd, 0U, 0);
}

/// True when this process takes part in membarrier(GLOBAL_EXPEDITED) barriers.
bool register_membarrier() noexcept
{
    if (g_membarrier_registered.load(std::memory_order_acquire))
        return true;
    std::call_once(g_membarrier_atfork, [] {
        pthread_atfork(nullptr, nullptr, [] { g_membarrier_registered.store(false, std::memory_order_relaxed); });
    });
    const long supported = membarrier(MEMBARRIER_CMD_QUERY);
    if (supported < 0 || !(supported & MEMBARRIER_CMD_GLOBAL_EXPEDITED) ||
        membarrier(MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED) != 0)
        return false;
    g_membarrier_registered.store(true, std::memory_order_release);
    return true;
}

/// A full barrier on every CPU running a registered process (and this one).
void barrier_everywhere() noexcept
{
    if (membarrier(MEMBARRIER_CMD_GLOBAL_EXPEDITED) != 0)
        std::atomic_thread_fence(std::memory_order_seq_cst); // cannot happen once registered
}

// A locked side is biased to a thread after this many consecutive operations of that thread, x4
// after each revocation, up to kMaxRebias.
constexpr std::uint32_t kFirstRebias = 64;
constexpr std::uint32_t kMaxRebias = 1U << 20;

void init_bias(QueueBias& b) noexcept
{
    b.owner.store(0, std::memory_order_relaxed);
    b.run_tid = 0;
    b.run_length = 0;
    b.rebias_after = kFirstRebias;
    b.revocations = 0;
}

void init_queue(void* data, std::size_t, void* ctx)
{
    auto* a = static_cast<InitArgs*>(ctx);
    auto* s = new (data) QueueShared{};
    s->tail_mutex.init();
    s->head_mutex.init();
    s->capacity = a->capacity;
    s->maxsize = a->maxsize;
    s->inline_max = a->capacity / 4 - kHeader;
    s->flags = a->fast ? QueueShared::kFast : 0;
    s->min_need.store(kNoNeed, std::memory_order_relaxed);
    init_bias(s->tail_bias);
    init_bias(s->head_bias);
}

std::optional<timespec> earlier(const std::optional<timespec>& deadline)
{
    auto recheck = deadline_after(kRecheck);
    if (!deadline)
        return recheck;
    if (deadline->tv_sec < recheck->tv_sec ||
        (deadline->tv_sec == recheck->tv_sec && deadline->tv_nsec < recheck->tv_nsec))
        return deadline;
    return recheck;
}

// A put's or get's deadline, read from the clock when the operation first finds the queue full or
// empty (before its spin). Reading it lazily, after the spin, was tried and measured slower for
// 8 B 1->1: the two clock reads act as a back-off that lets the producer fill a batch.
class Deadline {
public:
    // By reference, read only when needed: copying the optional whole (one 16-byte load of what the
    // caller had just stored as two halves) stalls on store forwarding, ~5 ns a put.
    explicit Deadline(const std::optional<std::chrono::nanoseconds>& timeout)
        : m_timeout(timeout)
    {
    }
    bool expired()
    {
        if (!m_timeout)
            return false;
        if (!m_set) {
            m_deadline = deadline_after(m_timeout);
            m_set = true;
        }
        return detail::expired(m_deadline);
    }
    /// Only after expired().
    const std::optional<timespec>& get() const noexcept { return m_deadline; }

private:
    const std::optional<std::chrono::nanoseconds>& m_timeout;
    std::optional<timespec> m_deadline;
    bool m_set = false;
};

} // namespace

// Holds one side's mutex; repairs that side when the previous holder died, and takes the side's
// bias away from its owner (see "Biased sides" in byte_queue.h).
class ByteQueue::Locked {
public:
    Locked(ByteQueue& q, Side side)
        : m_q(q)
        , m_side(side)
        , m_mutex(side == Head ? q.m_s->head_mutex : q.m_s->tail_mutex)
    {
        lock();
    }
    ~Locked()
    {
        if (m_held)
            m_mutex.unlock();
    }
    void lock()
    {
        if (m_mutex.lock() == RobustMutex::Result::OwnerDied) {
            if (m_side == Head)
                m_q.repair_head();
            else
                m_q.repair_tail();
        }
        m_held = true;
        m_q.revoke(m_side);
    }
    void unlock()
    {
        m_held = false;
        m_mutex.unlock();
    }

private:
    ByteQueue& m_q;
    Side m_side;
    RobustMutex& m_mutex;
    bool m_held = false;
};

bool ByteQueue::owns(Side side) const noexcept
{
    const QueueBias& b = side == Head ? m_s->head_bias : m_s->tail_bias;
    return static_cast<std::uint32_t>(b.owner.load(std::memory_order_relaxed) >> 32) == this_thread_id();
}

void ByteQueue::revoke(Side side) noexcept
{
    QueueShared& s = *m_s;
    QueueBias& bias = side == Head ? s.head_bias : s.tail_bias;
    const std::uint64_t b = bias.owner.load(std::memory_order_relaxed);
    if (b == 0)
        return;
    bias.owner.store(0, std::memory_order_relaxed);
    const std::uint32_t owner = static_cast<std::uint32_t>(b >> 32);
    if (owner == this_thread_id()) { // not inside a fast operation (it is here): gets it back next time
        bias.run_tid = owner;
        bias.run_length = bias.rebias_after - 1;
        return;
    }
    bias.revocations++;
    bias.rebias_after = std::min(kMaxRebias, bias.rebias_after * 4);
    bias.run_length = 0;
    // After the barrier the owner either is visibly busy or will see the bias gone.
    barrier_everywhere();
    QueueBiasSlot& slot =
        (side == Head ? s.head_slots : s.tail_slots)[static_cast<std::uint32_t>(b) % QueueShared::kBiasSlots];
    if (slot.busy.load(std::memory_order_acquire) == 0)
        return;
    if (spin_until([&] { return slot.busy.load(std::memory_order_acquire) == 0; }))
        return;
    // A fast operation takes microseconds; longer means the owner is descheduled or dead.
    for (int i = 1;; ++i) {
        const timespec nap{0, 50'000};
        nanosleep(&nap, nullptr);
        if (slot.busy.load(std::memory_order_acquire) == 0)
            return;
        if (i % 100 == 0 && !thread_alive(owner)) {
            // Died inside a put or get: both words are consistent (one store publishes or consumes).
            (side == Head ? s.head_mutex : s.tail_mutex).owner_deaths++;
            slot.busy.store(0, std::memory_order_relaxed);
            slot.tid.store(0, std::memory_order_relaxed);
            if (side == Head)
                repair_head();
            else
                repair_tail();
            return;
        }
    }
}

bool ByteQueue::end_locked_op(Side side) noexcept
{
    // A fenced queue's sleepers rely on this fence (see wait_not_full()); a fast queue's on
    // membarrier reaching this process (registered again in a fork child).
    if (!m_fast || !register_membarrier())
        std::atomic_thread_fence(std::memory_order_seq_cst);
    const bool waiters = m_s->anyone_waiting();
    count_locked_op(side);
    return waiters;
}

void ByteQueue::count_locked_op(Side side) noexcept
{
    QueueShared& s = *m_s;
    if (!m_fast || !register_membarrier()) // an owner must be reached by the revokers' barriers
        return;
    QueueBias& bias = side == Head ? s.head_bias : s.tail_bias;
    const std::uint32_t tid = this_thread_id();
    if (bias.run_tid != tid) {
        bias.run_tid = tid;
        bias.run_length = 0;
    }
    if (++bias.run_length < bias.rebias_after)
        return;
    bias.run_length = 0;
    RobustMutex& mutex = side == Head ? s.head_mutex : s.tail_mutex;
    if (mutex.word.load(std::memory_order_relaxed) & RobustMutex::kWaiters)
        return; // others are waiting for the lock: not alone
    // A slot: this thread's own, a free one, or one whose thread is gone.
    QueueBiasSlot* slots = side == Head ? s.head_slots : s.tail_slots;
    unsigned found = QueueShared::kBiasSlots;
    for (unsigned i = 0; i < QueueShared::kBiasSlots && found == QueueShared::kBiasSlots; ++i)
        if (slots[i].tid.load(std::memory_order_relaxed) == tid)
            found = i;
    for (unsigned i = 0; i < QueueShared::kBiasSlots && found == QueueShared::kBiasSlots; ++i)
        if (slots[i].tid.load(std::memory_order_relaxed) == 0)
            found = i;
    for (unsigned i = 0; i < QueueShared::kBiasSlots && found == QueueShared::kBiasSlots; ++i)
        if (!thread_alive(slots[i].tid.load(std::memory_order_relaxed)))
            found = i;
    if (found == QueueShared::kBiasSlots) {
        bias.rebias_after = std::min(kMaxRebias, bias.rebias_after * 4);
        return;
    }
    slots[found].tid.store(tid, std::memory_order_relaxed);
    slots[found].busy.store(0, std::memory_order_relaxed);
    bias.owner.store((std::uint64_t(tid) << 32) | found, std::memory_order_release);
}

std::uint32_t ByteQueue::bias_revocations() const noexcept
{
    return m_s->head_bias.revocations + m_s->tail_bias.revocations;
}

std::shared_ptr<ByteQueue> ByteQueue::create(std::ptrdiff_t maxsize, std::size_t ring_bytes, const char* label)
{
    if (maxsize < 0)
        throw ValueError(std::string(label) + ": maxsize must be >= 0, not " + std::to_string(maxsize));
    if (ring_bytes < kMinRingBytes || ring_bytes > kMaxRingBytes)
        throw ValueError(std::string(label) + ": ring_bytes must be between " + std::to_string(kMinRingBytes) +
                         " and " + std::to_string(kMaxRingBytes) + ", not " + std::to_string(ring_bytes));
    InitArgs args{round_pow2(ring_bytes), maxsize, register_membarrier()};
    std::shared_ptr<ByteQueue> q(new ByteQueue);
    q->attach(Segment::create("queue", kRingOffset + args.capacity, &init_queue, &args), label);
    monitor::set_label(*q->m_segment, label);
    return q;
}

std::shared_ptr<ByteQueue> ByteQueue::open(const std::string& name, const char* label)
{
    std::shared_ptr<ByteQueue> q(new ByteQueue);
    q->attach(Segment::open(name, "queue"), label);
    return q;
}

void ByteQueue::attach(std::shared_ptr<Segment> segment, const char* label)
{
    m_segment = std::move(segment);
    m_label = label;
    m_s = static_cast<QueueShared*>(m_segment->data());
    m_capacity = m_s->capacity;
    if (m_capacity < kMinRingBytes || m_capacity > kMaxRingBytes || (m_capacity & (m_capacity - 1)) != 0 ||
        kRingOffset + m_capacity > m_segment->size())
        throw Error("cannot open " + what() + ": its header is corrupt");
    m_mask = m_capacity - 1;
    m_inline_max = m_s->inline_max;
    m_maxsize = m_s->maxsize;
    m_ring = static_cast<char*>(m_segment->data()) + kRingOffset;
    m_fast = (m_s->flags & QueueShared::kFast) != 0;
    if (m_fast && !register_membarrier())
        throw Error("cannot open " + what() + ": it was made for membarrier(2) waits, which this process cannot use");
}

ByteQueue::~ByteQueue()
{
    if (!m_segment)
        return;
    const std::string name = m_segment->name();
    m_segment.reset();
    // The last user gone (the object was unlinked): remove large messages nobody will read.
    struct stat st {};
    if (stat(("/dev/shm/" + name).c_str(), &st) == 0 || errno != ENOENT)
        return;
    const std::string prefix = name + ".m";
    if (DIR* d = opendir("/dev/shm")) {
        std::vector<std::string> parts;
        while (dirent* e = readdir(d))
            if (std::strncmp(e->d_name, prefix.c_str(), prefix.size()) == 0)
                parts.emplace_back(e->d_name);
        closedir(d);
        for (const auto& p : parts)
            shm_unlink(("/" + p).c_str());
    }
}

const std::string& ByteQueue::name() const noexcept
{
    return m_segment->name();
}

std::string ByteQueue::what() const
{
    return std::string(m_label) + " '" + name() + "'";
}

// Messages ever published, from `published` and the tail's seq (read in that order: `published`
// never runs ahead of the tail and lags it by less than 2^32).
std::uint64_t ByteQueue::published() const noexcept
{
    const std::uint64_t p = m_s->published.load(std::memory_order_acquire);
    const std::uint32_t seq = seq_of(m_s->tail.load(std::memory_order_seq_cst));
    return p + std::uint32_t(seq - std::uint32_t(p));
}

// Lets every waiter re-check against the current state (a dead process may have owed a wake).
void ByteQueue::wake_all() noexcept
{
    QueueShared& s = *m_s;
    s.not_empty.fetch_add(1, std::memory_order_release);
    s.not_full.fetch_add(1, std::memory_order_release);
    s.all_done.fetch_add(1, std::memory_order_release);
    futex_wake(s.not_empty, INT_MAX);
    futex_wake(s.not_full, INT_MAX);
    futex_wake(s.all_done, INT_MAX);
}

// Under the head lock, after a consumer died holding it. The head word is always consistent (a get
// consumes by one store), so only the hint is reset: the next get reads the tail afresh.
void ByteQueue::repair_head() noexcept
{
    QueueShared& s = *m_s;
    s.tail_seen.store(s.head.load(std::memory_order_acquire), std::memory_order_relaxed);
    wake_all();
}

// Under the tail lock, after a producer died holding it. The tail word is always consistent (a put
// publishes by one store after writing its record); `published` may lag it.
void ByteQueue::repair_tail() noexcept
{
    QueueShared& s = *m_s;
    const std::uint64_t p = s.published.load(std::memory_order_relaxed);
    const std::uint32_t seq = seq_of(s.tail.load(std::memory_order_relaxed));
    s.published.store(p + std::uint32_t(seq - std::uint32_t(p)), std::memory_order_release);
    s.tail_copy.store(s.tail.load(std::memory_order_relaxed), std::memory_order_relaxed);
    s.head_seen.store(s.head.load(std::memory_order_acquire), std::memory_order_relaxed);
    if (s.putters_waiting.load(std::memory_order_seq_cst) == 0)
        s.min_need.store(kNoNeed, std::memory_order_relaxed);
    wake_all();
}

std::string ByteQueue::write_part(const void* data, std::size_t size, std::uint64_t& id)
{
    id = m_s->part_counter.fetch_add(1, std::memory_order_relaxed);
    const std::string part = name() + ".m" + std::to_string(id);
    std::string path = "/" + part;
    int fd = shm_open(path.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0)
        throw Error("cannot store a large message of " + what() + ": " + std::strerror(errno));
    auto fail = [&](const char* step) {
        int err = errno;
        ::close(fd);
        shm_unlink(path.c_str());
        throw Error("cannot store a large message of " + std::to_string(size) + " bytes in " + what() + " (" + step +
                    "): " + std::strerror(err));
    };
    if (ftruncate(fd, static_cast<off_t>(std::max<std::size_t>(size, 1))) != 0)
        fail("ftruncate");
    if (size > 0) {
        void* map = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0);
        if (map == MAP_FAILED)
            fail("mmap");
        std::memcpy(map, data, size);
        munmap(map, size);
    }
    ::close(fd);
    return path;
}

void ByteQueue::read_part(std::uint64_t id, std::uint64_t size, Sink sink, void* ctx)
{
    const std::string path = "/" + name() + ".m" + std::to_string(id);
    int fd = shm_open(path.c_str(), O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0)
        throw BrokenResource("a large message of " + what() + " is missing (" + path + ": " + std::strerror(errno) +
                             ")");
    struct stat st {};
    if (fstat(fd, &st) != 0 || static_cast<std::uint64_t>(st.st_size) < size) {
        ::close(fd);
        shm_unlink(path.c_str());
        throw BrokenResource("a large message of " + what() + " is truncated (" + path + ")");
    }
    void* map = size ? mmap(nullptr, size, PROT_READ, MAP_SHARED | MAP_POPULATE, fd, 0) : nullptr;
    ::close(fd);
    if (map == MAP_FAILED)
        throw Error("cannot map a large message of " + what() + ": " + std::strerror(errno));
    struct Unmap {
        void* p;
        std::size_t n;
        std::string path;
        ~Unmap()
        {
            if (p)
                munmap(p, n);
            shm_unlink(path.c_str());
        }
    } unmap{map, size, path};
    sink(static_cast<const char*>(map), size, ctx);
}

// Sleeps on not_full until a get may have made room after the head `h` was seen with no room for a
// `record` of that size (or until the deadline, or the periodic re-check). Called and returns with
// the tail lock held; sleeps without it. The only place where a put goes to sleep.
void ByteQueue::wait_not_full(Locked& lock, std::uint64_t h, std::size_t record,
                              const std::optional<timespec>& deadline)
{
    QueueShared& s = *m_s;
    const std::uint32_t seq = s.not_full.load(std::memory_order_acquire);
    if (record < s.min_need.load(std::memory_order_relaxed)) // a lower bound of what it needs
        s.min_need.store(record, std::memory_order_relaxed);
    s.putters_waiting.fetch_add(1, std::memory_order_seq_cst);
    // Dekker with get(): it stores the head, then reads putters_waiting (a fenced queue: both
    // seq_cst; a fast one: a plain store and load there, and this barrier on every CPU here).
    if (m_fast)
        barrier_everywhere();
    const bool still_full = s.head.load(std::memory_order_seq_cst) == h;
    lock.unlock();
    if (still_full) {
        monitor::Blocked shown(m_segment->data(), WaitOp::Put); // the session shows this wait
        futex_wait(s.not_full, seq, earlier(deadline));
    }
    lock.lock();
    if (s.putters_waiting.fetch_sub(1, std::memory_order_seq_cst) == 1)
        s.min_need.store(kNoNeed, std::memory_order_relaxed);
}

// Sleeps on not_empty until a put may have published after the tail `t` was seen (or until the
// deadline, or the periodic re-check). Called without the head lock. The only place where a get
// goes to sleep.
void ByteQueue::wait_not_empty(std::uint64_t t, const std::optional<timespec>& deadline)
{
    QueueShared& s = *m_s;
    const std::uint32_t seq = s.not_empty.load(std::memory_order_acquire);
    s.getters_waiting.fetch_add(1, std::memory_order_seq_cst);
    // Dekker with put(): it stores the tail, then reads getters_waiting (see wait_not_full()).
    if (m_fast)
        barrier_everywhere();
    if (pos_of(s.tail.load(std::memory_order_seq_cst)) == pos_of(t)) {
        monitor::Blocked shown(m_segment->data(), WaitOp::Get); // the session shows this wait
        futex_wait(s.not_empty, seq, earlier(deadline));
    }
    s.getters_waiting.fetch_sub(1, std::memory_order_seq_cst);
}

void ByteQueue::bump_published(std::uint64_t new_t) noexcept
{
    const std::uint64_t p = m_s->published.load(std::memory_order_relaxed);
    m_s->published.store(p + std::uint32_t(seq_of(new_t) - std::uint32_t(p)), std::memory_order_release);
}

// After a put that published `new_t` and saw a waiter: wakes a getter, and a putter that now fits.
void ByteQueue::wake_after_put(std::uint64_t new_t) noexcept
{
    QueueShared& s = *m_s;
    const std::uint64_t maxsize = static_cast<std::uint64_t>(m_maxsize);
    if (s.getters_waiting.load(std::memory_order_relaxed) > 0) {
        s.not_empty.fetch_add(1, std::memory_order_release);
        futex_wake(s.not_empty, 1);
    }
    // Chain: another blocked putter may fit too.
    if (s.putters_waiting.load(std::memory_order_relaxed) > 0) {
        // Outside the tail lock: the hint `head_seen` is not ours to write here (a store of a
        // head read long ago could land after newer ones).
        const std::uint64_t hn = s.head.load(std::memory_order_acquire);
        const std::size_t free = m_capacity - std::uint32_t(pos_of(new_t) - pos_of(hn));
        const std::uint32_t count = seq_of(new_t) - seq_of(hn);
        if (free >= s.min_need.load(std::memory_order_relaxed) && (maxsize == 0 || count < maxsize)) {
            s.not_full.fetch_add(1, std::memory_order_release);
            futex_wake(s.not_full, 1);
        }
    }
}

// After a get that consumed up to `new_h` and saw a waiter: wakes a putter that now fits, and
// another getter when messages are left.
void ByteQueue::wake_after_get(std::uint64_t new_h) noexcept
{
    QueueShared& s = *m_s;
    if (s.putters_waiting.load(std::memory_order_relaxed) > 0) {
        const std::uint64_t tn = s.tail.load(std::memory_order_acquire);
        const std::size_t free = m_capacity - std::uint32_t(pos_of(tn) - pos_of(new_h));
        if (free >= s.min_need.load(std::memory_order_relaxed)) {
            s.not_full.fetch_add(1, std::memory_order_release);
            futex_wake(s.not_full, 1);
        }
    }
    // Chain: another blocked getter may find a message too.
    if (s.getters_waiting.load(std::memory_order_relaxed) > 0 &&
        pos_of(s.tail.load(std::memory_order_acquire)) != pos_of(new_h)) {
        s.not_empty.fetch_add(1, std::memory_order_release);
        futex_wake(s.not_empty, 1);
    }
}

bool ByteQueue::put_slow(const void* data, std::size_t size, bool block,
                         const std::optional<std::chrono::nanoseconds>& timeout)
{
    if (size > kMaxMessage)
        throw ValueError("cannot put a message of " + std::to_string(size) + " bytes into " + what() +
                         ": the maximum is " + std::to_string(kMaxMessage) + " bytes");
    QueueShared& s = *m_s;
    if (block && owns(Tail) && size <= m_inline_max && !(timeout && timeout->count() <= 0)) {
        // The owner found the ring full: it waits a little for room before it gives up its bias.
        const std::uint64_t h = s.head.load(std::memory_order_relaxed);
        if (spin_until([&] { return s.head.load(std::memory_order_relaxed) != h; }) && try_put_fast(data, size))
            return true;
    }
    const bool large = size > m_inline_max;
    PartRef ref{};
    std::string part_path;
    if (large) { // written outside the lock; only the reference goes through the ring
        part_path = write_part(data, size, ref.id);
        ref.size = size;
        data = &ref;
    }
    const std::uint32_t length = large ? sizeof(PartRef) : static_cast<std::uint32_t>(size);
    const std::uint32_t flags = large ? kLarge : record_flags(length);
    const std::size_t record = kHeader + align8(length); // without alignment: a lower bound
    Deadline deadline(timeout);
    try {
        Locked lock(*this, Tail);
        bool spin = true;
        for (;;) {
            // The tail is ours while we hold the lock; the head only moves on (more room).
            const std::uint64_t t = s.tail.load(std::memory_order_relaxed);
            const Placement place = placement(t, length, flags);
            const std::size_t pos = place.pos, contiguous = place.contiguous, need = place.need;
            const bool wrap = place.wrap;
            std::uint64_t h = s.head_seen.load(std::memory_order_relaxed);
            if (!has_room(t, h, need)) { // the hint is stale: look at the real head (the consumers' line)
                h = s.head.load(std::memory_order_acquire);
                s.head_seen.store(h, std::memory_order_relaxed);
            }
            if (has_room(t, h, need)) {
                std::size_t at = pos;
                if (wrap) {
                    const RecordHeader pad{static_cast<std::uint32_t>(contiguous - kHeader), kPad};
                    std::memcpy(m_ring + pos, &pad, sizeof pad);
                    at = 0;
                }
                const RecordHeader hdr{length, flags};
                std::memcpy(m_ring + at, &hdr, sizeof hdr);
                copy_message_to_ring(m_ring + at + payload_offset(at, flags), data, length);
                const std::uint64_t new_t = pack(pos_of(t) + std::uint32_t(need), seq_of(t) + 1);
                // Publishes the record and its count at once.
                s.tail.store(new_t, std::memory_order_release);
                s.tail_copy.store(new_t, std::memory_order_relaxed);
                const std::uint64_t p = s.published.load(std::memory_order_relaxed);
                s.published.store(p + std::uint32_t(seq_of(new_t) - std::uint32_t(p)), std::memory_order_release);
                const bool waiters = end_locked_op(Tail);
                lock.unlock();
                if (waiters)
                    wake_after_put(new_t);
                if (monitor::sample()) [[unlikely]]
                    monitor::record_sampled(m_segment.get(), EventKind::Put, seq_of(new_t));
                return true;
            }
            // Full, with `h` the current head.
            if (!block || deadline.expired())
                break;
            if (spin) { // first a short spin outside the lock: consumers usually make room soon
                lock.unlock();
                const bool moved = spin_until([&] { return s.head.load(std::memory_order_relaxed) != h; });
                lock.lock();
                spin = moved; // moved: look again (and spin again if still full); else sleep
                continue;
            }
            spin = true;
            wait_not_full(lock, h, record, deadline.get());
        }
    } catch (...) {
        if (large)
            shm_unlink(part_path.c_str());
        throw;
    }
    if (large)
        shm_unlink(part_path.c_str());
    return false;
}

bool ByteQueue::get_slow(Sink sink, void* ctx, bool block, const std::optional<std::chrono::nanoseconds>& timeout)
{
    QueueShared& s = *m_s;
    if (block && owns(Head) && !(timeout && timeout->count() <= 0)) {
        // The owner found the queue empty: it waits a little for a message before it gives up its bias.
        const std::uint32_t h = pos_of(s.head.load(std::memory_order_relaxed));
        if (spin_until([&] { return pos_of(s.tail.load(std::memory_order_relaxed)) != h; }, 2) &&
            try_get_fast(sink, ctx))
            return true;
    }
    Deadline deadline(timeout);
    Locked lock(*this, Head);
    bool spin = true;
    for (;;) {
        // The head is ours while we hold the lock; the tail only moves on (more messages).
        const std::uint64_t h = s.head.load(std::memory_order_relaxed);
        std::uint64_t t = s.tail_seen.load(std::memory_order_relaxed);
        if (pos_of(t) == pos_of(h)) { // nothing known yet: look at the real tail (producers' line)
            t = s.tail.load(std::memory_order_acquire);
            s.tail_seen.store(t, std::memory_order_relaxed);
        }
        if (pos_of(t) != pos_of(h)) {
            const Record r = record_at(h, t);
            const RecordHeader hdr = r.header;
            if (!r.in_bounds ||
                (hdr.flags != 0 && hdr.flags != kAligned && !(hdr.flags == kLarge && hdr.length == sizeof(PartRef))))
                throw BrokenResource(what() + " is corrupt (a record overruns the published ones)");
            const char* payload = m_ring + (r.at & m_mask) + r.offset;
            PartRef ref{};
            if (hdr.flags == kLarge)
                std::memcpy(&ref, payload, sizeof ref);
            else
                sink(payload, hdr.length, ctx); // may throw: the message stays
            const std::uint64_t new_h = pack(r.at + std::uint32_t(r.size), seq_of(h) + 1);
            s.head.store(new_h, std::memory_order_release); // consumes the record
            const bool waiters = end_locked_op(Head);
            lock.unlock();
            if (waiters)
                wake_after_get(new_h);
            if (hdr.flags == kLarge)
                read_part(ref.id, ref.size, sink, ctx);
            if (monitor::sample()) [[unlikely]]
                monitor::record_sampled(m_segment.get(), EventKind::Get, seq_of(new_h));
            return true;
        }
        // Empty, with `t` the current tail.
        if (!block || deadline.expired())
            return false;
        lock.unlock();
        if (spin) {
            // A short spin outside the lock first: a message usually follows within microseconds,
            // and sleeping costs the putter a futex wake-up (two system calls in all).
            spin = spin_until([&] { return pos_of(s.tail.load(std::memory_order_relaxed)) != pos_of(t); });
            lock.lock();
            continue;
        }
        spin = true;
        wait_not_empty(t, deadline.get());
        lock.lock();
    }
}

// Linearizable without a lock: when the head reads the same before and after the tail is read,
// the count is exact at the instant of the tail read (the head word never takes a value twice
// within 2^32 messages). Under a steady stream of gets it falls back to the head lock, which holds
// the head still.
std::size_t ByteQueue::qsize()
{
    QueueShared& s = *m_s;
    for (int i = 0; i < 64; ++i) {
        const std::uint64_t h = s.head.load(std::memory_order_seq_cst);
        const std::uint64_t t = s.tail.load(std::memory_order_seq_cst);
        if (s.head.load(std::memory_order_seq_cst) == h)
            return std::uint32_t(seq_of(t) - seq_of(h));
    }
    Locked lock(*this, Head);
    return std::uint32_t(seq_of(s.tail.load(std::memory_order_acquire)) -
                         seq_of(s.head.load(std::memory_order_relaxed)));
}

bool ByteQueue::empty()
{
    return qsize() == 0;
}

// Exact in the same way, with the tail read twice around the head.
bool ByteQueue::full()
{
    QueueShared& s = *m_s;
    auto is_full = [&](std::uint64_t tail, std::uint64_t head) {
        if (m_maxsize > 0 && std::uint32_t(seq_of(tail) - seq_of(head)) >= static_cast<std::uint64_t>(m_maxsize))
            return true;
        // Full when not even an empty message (one header, maybe after padding) fits.
        const std::size_t free = m_capacity - std::uint32_t(pos_of(tail) - pos_of(head));
        const std::size_t contiguous = m_capacity - (pos_of(tail) & m_mask);
        return free < kHeader + (contiguous < kHeader ? contiguous : 0);
    };
    for (int i = 0; i < 64; ++i) {
        const std::uint64_t t = s.tail.load(std::memory_order_seq_cst);
        const std::uint64_t h = s.head.load(std::memory_order_seq_cst);
        if (s.tail.load(std::memory_order_seq_cst) == t)
            return is_full(t, h);
    }
    Locked lock(*this, Tail);
    return is_full(s.tail.load(std::memory_order_relaxed), s.head.load(std::memory_order_acquire));
}

void ByteQueue::task_done()
{
    QueueShared& s = *m_s;
    std::uint64_t done = s.tasks_done.load(std::memory_order_seq_cst);
    for (;;) {
        const std::uint64_t put = published();
        if (done >= put)
            throw ValueError("task_done() called too many times on " + what());
        // One atomic step: a process killed around it either counted the task as done or not.
        if (s.tasks_done.compare_exchange_weak(done, done + 1, std::memory_order_seq_cst, std::memory_order_seq_cst)) {
            // Dekker with join(): it registers, then re-reads the counts (all seq_cst).
            if (done + 1 == put && s.joiners_waiting.load(std::memory_order_seq_cst) > 0) {
                s.all_done.fetch_add(1, std::memory_order_release);
                futex_wake(s.all_done, INT_MAX);
            }
            return;
        }
    }
}

bool ByteQueue::join(std::optional<std::chrono::nanoseconds> timeout)
{
    QueueShared& s = *m_s;
    const auto deadline = deadline_after(timeout);
    for (;;) {
        if (unfinished_tasks() == 0)
            return true;
        if (expired(deadline))
            return false;
        const std::uint32_t seq = s.all_done.load(std::memory_order_acquire);
        s.joiners_waiting.fetch_add(1, std::memory_order_seq_cst);
        if (unfinished_tasks() != 0) {
            monitor::Blocked shown(m_segment->data(), WaitOp::TaskDone);
            futex_wait(s.all_done, seq, earlier(deadline));
        }
        s.joiners_waiting.fetch_sub(1, std::memory_order_seq_cst);
    }
}

// Exact: tasks_done is read first, and at that instant it was at most the published count, which
// was at most what is read next; equal means none was unfinished at the first read.
std::uint64_t ByteQueue::unfinished_tasks()
{
    const std::uint64_t done = m_s->tasks_done.load(std::memory_order_seq_cst);
    const std::uint64_t put = published();
    return put > done ? put - done : 0;
}

std::uint32_t ByteQueue::owner_deaths()
{
    std::uint32_t deaths = 0;
    {
        Locked lock(*this, Head);
        deaths += m_s->head_mutex.owner_deaths;
    }
    {
        Locked lock(*this, Tail);
        deaths += m_s->tail_mutex.owner_deaths;
    }
    return deaths;
}

} // namespace proclab::detail

namespace proclab::detail {
void peek_queue(const void* data, std::size_t size, ObjectRecord& r) noexcept
{
    if (size < sizeof(QueueShared))
        return;
    const auto* q = static_cast<const QueueShared*>(data);
    const std::uint64_t p = q->published.load(std::memory_order_acquire);
    const std::uint64_t tail = p + std::uint32_t(seq_of(q->tail.load(std::memory_order_acquire)) - std::uint32_t(p));
    const std::uint64_t head = seq_of(q->head.load(std::memory_order_acquire));
    // head's seq wraps at 2^32: extend it from the published count.
    const std::uint64_t gets =
        tail - static_cast<std::uint32_t>(static_cast<std::uint32_t>(tail) - static_cast<std::uint32_t>(head));
    r.capacity = q->maxsize > 0 ? static_cast<std::uint64_t>(q->maxsize) : 0;
    r.puts = tail;
    r.gets = gets;
    r.depth = tail - gets;
    r.waiters = q->getters_waiting.load(std::memory_order_relaxed) +
                q->putters_waiting.load(std::memory_order_relaxed) + q->joiners_waiting.load(std::memory_order_relaxed);
    r.value = static_cast<std::int64_t>(tail - q->tasks_done.load(std::memory_order_relaxed)); // unfinished tasks
}
} // namespace proclab::detail
