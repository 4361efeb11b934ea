// The queue engine: a crash-safe byte ring in shared memory (see detail/byte_queue.h).
#include <proclab/detail/byte_queue.h>
#include <proclab/detail/robust_mutex.h>
#include <proclab/detail/segment.h>
#include <proclab/errors.h>

#include "futex_linux.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace proclab::detail {

struct alignas(64) QueueShared {
    RobustMutex mutex;
    std::uint64_t capacity; // ring bytes, a power of two
    std::int64_t maxsize;   // messages; 0: bounded only by the ring
    std::uint64_t inline_max;
    std::atomic<std::uint64_t> head; // byte offsets, growing forever; position = offset & (capacity - 1)
    std::atomic<std::uint64_t> tail;
    std::uint64_t count;      // derived: messages between head and tail
    std::uint64_t unfinished; // JoinableQueue
    // Journal of the put in progress: repair() completes its unfinished-task increment.
    std::uint64_t journal_active;
    std::uint64_t journal_tail;
    std::uint64_t journal_unfinished;
    std::uint64_t min_need; // smallest record size a blocked putter waits for
    std::uint32_t getters_waiting; // may stay too high after a waiter was killed: extra wakes only
    std::uint32_t putters_waiting;
    std::uint32_t joiners_waiting;
    std::uint32_t reserved;
    std::atomic<std::uint64_t> part_counter;
    alignas(64) std::atomic<std::uint32_t> not_empty; // futex sequence words
    std::atomic<std::uint32_t> not_full;
    std::atomic<std::uint32_t> all_done;
};

namespace {

constexpr std::uint32_t kPad = 1;   // padding up to the end of the ring
constexpr std::uint32_t kLarge = 2; // payload {u64 part id, u64 size}: the bytes are in a part
constexpr std::size_t kHeader = 8;
constexpr std::size_t kRingOffset = (sizeof(QueueShared) + 63) / 64 * 64;
// Spins (about 10-20 us at most) until `ready()`; true when it became ready.
template <class F>
bool spin_until(F ready)
{
    for (int i = 0; i < 2000; ++i) {
        if (ready())
            return true;
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
    }
    return false;
}

// Blocked waiters re-check this often even without a wake: heals a wake lost to a killed waiter.
constexpr std::chrono::milliseconds kRecheck{200};

struct RecordHeader {
    std::uint32_t length;
    std::uint32_t flags;
};

struct PartRef {
    std::uint64_t id;
    std::uint64_t size;
};

constexpr std::size_t align8(std::size_t n)
{
    return (n + 7) & ~std::size_t(7);
}

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
};

void init_queue(void* data, std::size_t, void* ctx)
{
    auto* a = static_cast<InitArgs*>(ctx);
    auto* s = new (data) QueueShared{};
    s->mutex.init();
    s->capacity = a->capacity;
    s->maxsize = a->maxsize;
    s->inline_max = a->capacity / 4 - kHeader;
    s->min_need = UINT64_MAX;
}

std::optional<timespec> earlier(const std::optional<timespec>& deadline)
{
    auto recheck = deadline_after(kRecheck);
    if (!deadline)
        return recheck;
    if (deadline->tv_sec < recheck->tv_sec || (deadline->tv_sec == recheck->tv_sec && deadline->tv_nsec < recheck->tv_nsec))
        return deadline;
    return recheck;
}

} // namespace

// Holds the queue's mutex; repairs the queue when the previous holder died.
class ByteQueue::Locked {
public:
    explicit Locked(ByteQueue& q) : m_q(q) { lock(); }
    ~Locked()
    {
        if (m_held)
            m_q.m_s->mutex.unlock();
    }
    void lock()
    {
        if (m_q.m_s->mutex.lock() == RobustMutex::Result::OwnerDied)
            m_q.repair();
        m_held = true;
    }
    void unlock()
    {
        m_held = false;
        m_q.m_s->mutex.unlock();
    }

private:
    ByteQueue& m_q;
    bool m_held = false;
};

std::shared_ptr<ByteQueue> ByteQueue::create(std::ptrdiff_t maxsize, std::size_t ring_bytes, const char* label)
{
    if (maxsize < 0)
        throw ValueError(std::string(label) + ": maxsize must be >= 0, not " + std::to_string(maxsize));
    if (ring_bytes < kMinRingBytes || ring_bytes > kMaxRingBytes)
        throw ValueError(std::string(label) + ": ring_bytes must be between " + std::to_string(kMinRingBytes) +
                         " and " + std::to_string(kMaxRingBytes) + ", not " + std::to_string(ring_bytes));
    InitArgs args{round_pow2(ring_bytes), maxsize};
    std::shared_ptr<ByteQueue> q(new ByteQueue);
    q->attach(Segment::create("queue", kRingOffset + args.capacity, &init_queue, &args), label);
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
    if (m_capacity < kMinRingBytes || (m_capacity & (m_capacity - 1)) != 0 ||
        kRingOffset + m_capacity > m_segment->size())
        throw Error("cannot open " + what() + ": its header is corrupt");
    m_mask = m_capacity - 1;
    m_inline_max = m_s->inline_max;
    m_maxsize = m_s->maxsize;
    m_ring = static_cast<char*>(m_segment->data()) + kRingOffset;
}

ByteQueue::~ByteQueue()
{
    if (!m_segment)
        return;
    const std::string name = m_segment->name();
    m_segment.reset();
    // The last user gone (the object was unlinked): remove large messages nobody will read.
    struct stat st{};
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

// Under the mutex, after a holder died: the ring up to `tail` is made of complete records (a put
// publishes by one store of the tail), so re-walk it to recompute the derived counters.
void ByteQueue::repair() noexcept
{
    QueueShared& s = *m_s;
    std::uint64_t head = s.head.load(std::memory_order_relaxed);
    std::uint64_t tail = s.tail.load(std::memory_order_relaxed);
    if (s.journal_active) {
        if (tail == s.journal_tail)
            s.unfinished = s.journal_unfinished; // published: its increment counts
        s.journal_active = 0;
    }
    if (tail < head || tail - head > m_capacity) { // cannot happen with the store order; be safe
        s.tail.store(head, std::memory_order_release);
        tail = head;
    }
    std::uint64_t count = 0;
    std::uint64_t h = head;
    while (h < tail) {
        const std::size_t pos = h & m_mask;
        RecordHeader hdr;
        std::memcpy(&hdr, m_ring + pos, sizeof hdr);
        const std::size_t size = kHeader + align8(hdr.length);
        const bool ok = pos + size <= m_capacity && h + size <= tail &&
                        (hdr.flags == 0 || hdr.flags == kPad || (hdr.flags == kLarge && hdr.length == sizeof(PartRef)));
        if (!ok) { // drop a torn record and everything after it
            s.tail.store(h, std::memory_order_release);
            break;
        }
        if (hdr.flags != kPad)
            ++count;
        h += size;
    }
    s.count = count;
    if (s.putters_waiting == 0)
        s.min_need = UINT64_MAX;
    // Let every waiter re-check against the repaired state.
    s.not_empty.fetch_add(1, std::memory_order_release);
    s.not_full.fetch_add(1, std::memory_order_release);
    s.all_done.fetch_add(1, std::memory_order_release);
    futex_wake(s.not_empty, INT_MAX);
    futex_wake(s.not_full, INT_MAX);
    futex_wake(s.all_done, INT_MAX);
}

std::string ByteQueue::write_part(const void* data, std::size_t size, std::uint64_t& id)
{
    id = m_s->part_counter.fetch_add(1, std::memory_order_relaxed);
    const std::string part = name() + ".m" + std::to_string(id);
    const std::string path = "/" + part;
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
        throw BrokenResource("a large message of " + what() + " is missing (" + path + ": " + std::strerror(errno) + ")");
    struct stat st{};
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

bool ByteQueue::put(const void* data, std::size_t size, bool block, std::optional<std::chrono::nanoseconds> timeout)
{
    if (size > kMaxMessage)
        throw ValueError("cannot put a message of " + std::to_string(size) + " bytes into " + what() +
                         ": the maximum is " + std::to_string(kMaxMessage) + " bytes");
    QueueShared& s = *m_s;
    const bool large = size > m_inline_max;
    PartRef ref{};
    std::string part_path;
    if (large) { // written outside the lock; only the reference goes through the ring
        part_path = write_part(data, size, ref.id);
        ref.size = size;
        data = &ref;
    }
    const std::uint32_t length = large ? sizeof(PartRef) : static_cast<std::uint32_t>(size);
    const std::size_t record = kHeader + align8(length);
    std::optional<timespec> deadline;
    bool deadline_set = false;
    try {
        Locked lock(*this);
        for (;;) {
            const std::uint64_t head = s.head.load(std::memory_order_relaxed);
            const std::uint64_t tail = s.tail.load(std::memory_order_relaxed);
            const std::size_t pos = tail & m_mask;
            const std::size_t contiguous = m_capacity - pos;
            const std::size_t need = record + (contiguous < record ? contiguous : 0);
            const std::size_t free = m_capacity - (tail - head);
            if (need <= free && (m_maxsize == 0 || s.count < static_cast<std::uint64_t>(m_maxsize))) {
                std::size_t at = pos;
                if (contiguous < record) {
                    const RecordHeader pad{static_cast<std::uint32_t>(contiguous - kHeader), kPad};
                    std::memcpy(m_ring + pos, &pad, sizeof pad);
                    at = 0;
                }
                const RecordHeader hdr{length, large ? kLarge : 0};
                std::memcpy(m_ring + at, &hdr, sizeof hdr);
                std::memcpy(m_ring + at + kHeader, data, length);
                const std::uint64_t new_tail = tail + need;
                s.journal_tail = new_tail;
                s.journal_unfinished = s.unfinished + 1;
                s.journal_active = 1;
                s.tail.store(new_tail, std::memory_order_release); // publishes the record
                s.unfinished = s.journal_unfinished;
                ++s.count;
                s.journal_active = 0;
                const bool wake_getter = s.getters_waiting > 0;
                if (wake_getter)
                    s.not_empty.fetch_add(1, std::memory_order_release);
                // Chain: another blocked putter may fit too.
                const bool wake_putter = s.putters_waiting > 0 && free - need >= s.min_need &&
                                         (m_maxsize == 0 || s.count < static_cast<std::uint64_t>(m_maxsize));
                if (wake_putter)
                    s.not_full.fetch_add(1, std::memory_order_release);
                lock.unlock();
                if (wake_getter)
                    futex_wake(s.not_empty, 1);
                if (wake_putter)
                    futex_wake(s.not_full, 1);
                return true;
            }
            if (!block)
                break;
            if (!deadline_set) {
                deadline = deadline_after(timeout);
                deadline_set = true;
            }
            if (expired(deadline))
                break;
            lock.unlock();
            const std::uint64_t seen_head = s.head.load(std::memory_order_relaxed);
            const bool moved = spin_until([&] { return s.head.load(std::memory_order_relaxed) != seen_head; });
            lock.lock();
            if (moved)
                continue;
            const std::uint32_t seq = s.not_full.load(std::memory_order_acquire);
            ++s.putters_waiting;
            s.min_need = std::min<std::uint64_t>(s.min_need, record); // a lower bound of what it needs
            lock.unlock();
            futex_wait(s.not_full, seq, earlier(deadline));
            lock.lock();
            if (--s.putters_waiting == 0)
                s.min_need = UINT64_MAX;
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

bool ByteQueue::get(Sink sink, void* ctx, bool block, std::optional<std::chrono::nanoseconds> timeout)
{
    QueueShared& s = *m_s;
    std::optional<timespec> deadline;
    bool deadline_set = false;
    Locked lock(*this);
    for (;;) {
        std::uint64_t head = s.head.load(std::memory_order_relaxed);
        const std::uint64_t tail = s.tail.load(std::memory_order_acquire);
        if (head != tail) {
            RecordHeader hdr;
            std::memcpy(&hdr, m_ring + (head & m_mask), sizeof hdr);
            if (hdr.flags == kPad) {
                head += kHeader + hdr.length;
                std::memcpy(&hdr, m_ring + (head & m_mask), sizeof hdr);
            }
            const char* payload = m_ring + (head & m_mask) + kHeader;
            PartRef ref{};
            if (hdr.flags == kLarge)
                std::memcpy(&ref, payload, sizeof ref);
            else
                sink(payload, hdr.length, ctx); // may throw: the message stays
            const std::uint64_t new_head = head + kHeader + align8(hdr.length);
            s.head.store(new_head, std::memory_order_release); // consumes the record
            --s.count;
            const std::size_t free = m_capacity - (tail - new_head);
            const bool wake_putter = s.putters_waiting > 0 && free >= s.min_need;
            if (wake_putter)
                s.not_full.fetch_add(1, std::memory_order_release);
            const bool wake_getter = s.getters_waiting > 0 && s.count > 0;
            if (wake_getter)
                s.not_empty.fetch_add(1, std::memory_order_release);
            lock.unlock();
            if (wake_putter)
                futex_wake(s.not_full, 1);
            if (wake_getter)
                futex_wake(s.not_empty, 1);
            if (hdr.flags == kLarge)
                read_part(ref.id, ref.size, sink, ctx);
            return true;
        }
        if (!block)
            return false;
        if (!deadline_set) {
            deadline = deadline_after(timeout);
            deadline_set = true;
        }
        if (expired(deadline))
            return false;
        // A short spin outside the lock first: a message usually follows within microseconds,
        // and sleeping costs the putter a futex wake-up (two system calls in all).
        lock.unlock();
        if (spin_until([&] { return s.tail.load(std::memory_order_relaxed) != s.head.load(std::memory_order_relaxed); })) {
            lock.lock();
            continue;
        }
        lock.lock();
        if (s.tail.load(std::memory_order_relaxed) != s.head.load(std::memory_order_relaxed))
            continue;
        const std::uint32_t seq = s.not_empty.load(std::memory_order_acquire);
        ++s.getters_waiting;
        lock.unlock();
        futex_wait(s.not_empty, seq, earlier(deadline));
        lock.lock();
        --s.getters_waiting;
    }
}

std::size_t ByteQueue::qsize()
{
    Locked lock(*this);
    return m_s->count;
}

bool ByteQueue::empty()
{
    return qsize() == 0;
}

bool ByteQueue::full()
{
    Locked lock(*this);
    if (m_maxsize > 0 && m_s->count >= static_cast<std::uint64_t>(m_maxsize))
        return true;
    // Full when not even an empty message (one header, maybe after padding) fits.
    const std::uint64_t tail = m_s->tail.load(std::memory_order_relaxed);
    const std::size_t free = m_capacity - (tail - m_s->head.load(std::memory_order_relaxed));
    const std::size_t contiguous = m_capacity - (tail & m_mask);
    return free < kHeader + (contiguous < kHeader ? contiguous : 0);
}

void ByteQueue::task_done()
{
    QueueShared& s = *m_s;
    Locked lock(*this);
    if (s.unfinished == 0)
        throw ValueError("task_done() called too many times on " + what());
    const bool wake = --s.unfinished == 0 && s.joiners_waiting > 0;
    if (wake)
        s.all_done.fetch_add(1, std::memory_order_release);
    lock.unlock();
    if (wake)
        futex_wake(s.all_done, INT_MAX);
}

bool ByteQueue::join(std::optional<std::chrono::nanoseconds> timeout)
{
    QueueShared& s = *m_s;
    const auto deadline = deadline_after(timeout);
    Locked lock(*this);
    while (s.unfinished > 0) {
        if (expired(deadline))
            return false;
        const std::uint32_t seq = s.all_done.load(std::memory_order_acquire);
        ++s.joiners_waiting;
        lock.unlock();
        futex_wait(s.all_done, seq, earlier(deadline));
        lock.lock();
        --s.joiners_waiting;
    }
    return true;
}

std::uint64_t ByteQueue::unfinished_tasks()
{
    Locked lock(*this);
    return m_s->unfinished;
}

std::uint32_t ByteQueue::owner_deaths()
{
    Locked lock(*this);
    return m_s->mutex.owner_deaths;
}

} // namespace proclab::detail
