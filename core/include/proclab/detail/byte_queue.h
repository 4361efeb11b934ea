#pragma once
// Private to the core (public only because Queue<T> is a template): the engine of Queue,
// JoinableQueue and SimpleQueue. A byte ring in a shared-memory Segment of kind "queue" with two
// robust mutexes (Michael & Scott's two-lock queue): producers serialize on the tail lock,
// consumers on the head lock, so one producer and one consumer never contend. Futex sequence words
// wake blocked getters, putters and joiners.
//
// Records are {u32 length, u32 flags} + payload, 8-byte aligned; a record that does not fit before
// the end of the ring is preceded by a padding record and starts at offset 0. Payloads of 512 bytes
// and more start at the next 64-byte boundary and are streamed in (non-temporal stores): the ring's
// lines then go out without first being fetched back from the consumer's cache (4 KiB messages
// through the default 1 MiB ring: 450 -> 320 ns). Payloads larger than a quarter of the ring go to
// a separate shm object "<queue name>.m<n>" (a "part" of the queue) and the ring carries a 16-byte
// reference.
//
// Each side's state is ONE 64-bit atomic word {u32 byte position, u32 message sequence}: a put
// writes its record completely, then publishes it (bytes and count together) by one store of the
// tail word; a get copies out, then consumes by one store of the head word. So a process killed at
// any point leaves both words consistent; qsize() is tail.seq - head.seq (read without a lock: the
// tail between two equal reads of the head). JoinableQueue's
// unfinished count is derived too: messages ever published minus task_done() calls (an atomic
// counter), so no journal is needed. The next holder of a side's lock after a holder died
// (OwnerDied) only refreshes that side's hints and wakes every waiter.
//
// Waiting: a put that finds no room, or a get that finds nothing, first spins briefly outside its
// lock, then sleeps in wait_not_full() / wait_not_empty(), the only two places where the queue
// goes to sleep (a hook for "blocked on queue X" belongs there). A sleeper registers in a waiter
// count, issues a process-wide barrier (membarrier) and re-checks: so a put or get only reads the
// count after its plain publishing store, with no fence, and wakes someone only when someone sleeps.
//
// Biased sides (the fast path). Each side's lock is "biased" to a thread that used it alone for a
// while (as the JVM's biased locks): that thread then puts (or gets) with no lock and no atomic
// read-modify-write at all: it marks itself busy in its own slot, checks that the bias still names
// it, writes, publishes by one store, and marks itself idle. Another thread that wants the side
// takes the lock, clears the bias, issues membarrier(GLOBAL_EXPEDITED) (an asymmetric Dekker: after
// it, the former owner either is visibly busy or sees the bias gone) and waits until the owner is
// idle, or dead (checked by thread id: a process killed in the middle of a put or get leaves both
// words consistent, as above). Revoking costs a few microseconds, so each revocation makes the next
// bias harder to get (x4, up to 2^20 consecutive operations by one thread): contended sides stay
// locked. Kernels without membarrier get the locked queue, fenced.
//
// Cost (2-core Zen 4 VM): 8 B 1->1 with both sides biased is ~10-15 ns a message, about
// twice the minimal single-producer ring; with the locks it was 25-60 ns.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <memory>
#include <optional>
#include <string>

#include <proclab/detail/monitor.h>
#include <proclab/detail/robust_mutex.h>

namespace proclab::detail {

class Segment;

/// One thread's bias slot on one side: its thread id, and whether it is inside a fast put or get.
/// A slot stays with its thread while the thread lives, so a late "busy" store of a former owner
/// only ever lands in its own slot.
struct alignas(64) QueueBiasSlot {
    std::atomic<std::uint32_t> tid;
    std::atomic<std::uint32_t> busy;
};

/// One side's bias (producers: tail, consumers: head). Written under the side's lock.
struct QueueBias {
    std::atomic<std::uint64_t> owner; // 0: none; else {tid << 32 | slot}
    std::uint32_t run_tid;            // the thread of the last locked operations, and how many
    std::uint32_t run_length;
    std::uint32_t rebias_after; // consecutive locked operations by one thread before it gets the bias
    std::uint32_t revocations;
};

// Two sides, each on its own cache lines: producers hold the tail lock and write only the tail
// lines; consumers hold the head lock and write only the head lines. A side's position and message
// sequence are packed in ONE atomic word, {seq << 32 | pos}, both wrapping at 2^32 (a ring holds
// at most 2^30 bytes, so differences stay exact): one store publishes or consumes a message. The
// published words are apart from the lock words, so that the other side spinning on them never
// takes the lock's line away from its holder.
struct alignas(64) QueueShared {
    static constexpr unsigned kBiasSlots = 16;
    static constexpr std::uint32_t kFast = 1; // biased sides and membarrier waits (else fenced)

    // Fixed at creation.
    std::uint64_t capacity; // ring bytes, a power of two
    std::int64_t maxsize;   // messages; 0: bounded only by the ring
    std::uint64_t inline_max;
    std::uint32_t flags;

    // Producers only.
    alignas(64) RobustMutex tail_mutex;
    std::atomic<std::uint64_t> head_seen; // a past value of `head` (hence <= head): free-space hint
    std::atomic<std::uint64_t> part_counter;
    // A copy of `tail` on this line: the producer reads it instead of the tail itself, whose line
    // the consumers keep taking (every writer of the tail writes both; repair_tail() re-copies).
    std::atomic<std::uint64_t> tail_copy;
    QueueBias tail_bias;
    // Written by producers, read by consumers.
    alignas(64) std::atomic<std::uint64_t> tail; // {seq, pos} of the end of the published records
    // Messages ever published, a lower bound: it lags the tail's seq by less than 2^16 (a put
    // brings it up to date every 2^16 messages, a locked put every time), and readers extend the
    // tail's seq from it (see published()).
    std::atomic<std::uint64_t> published;

    // Consumers only.
    alignas(64) RobustMutex head_mutex;
    std::atomic<std::uint64_t> tail_seen; // a past value of `tail`, >= head: what is surely there
    QueueBias head_bias;
    // Written by consumers, read by producers.
    alignas(64) std::atomic<std::uint64_t> head; // {seq, pos} of the oldest record not consumed

    // Waiters: written by waiters going to sleep only, read after every publish or consume. The
    // counts may stay too high after a waiter was killed: extra wakes only.
    alignas(64) std::atomic<std::uint32_t> getters_waiting;
    std::atomic<std::uint32_t> putters_waiting;

    /// True when a getter or a putter sleeps (relaxed loads: the caller orders them).
    bool anyone_waiting() const noexcept
    {
        return (getters_waiting.load(std::memory_order_relaxed) | putters_waiting.load(std::memory_order_relaxed)) != 0;
    }
    std::atomic<std::uint32_t> joiners_waiting;
    std::atomic<std::uint64_t> min_need; // smallest record a blocked putter waits for (a bound)

    // JoinableQueue: task_done() calls; unfinished = published - tasks_done.
    alignas(64) std::atomic<std::uint64_t> tasks_done;

    alignas(64) std::atomic<std::uint32_t> not_empty; // futex sequence words
    std::atomic<std::uint32_t> not_full;
    std::atomic<std::uint32_t> all_done;

    QueueBiasSlot tail_slots[kBiasSlots];
    QueueBiasSlot head_slots[kBiasSlots];
};

class ByteQueue {
public:
    static constexpr std::size_t kDefaultRingBytes = std::size_t(1) << 20; // 1 MiB
    static constexpr std::size_t kMinRingBytes = 1024;
    static constexpr std::size_t kMaxRingBytes = std::size_t(1) << 30;
    static constexpr std::size_t kMaxMessage = std::size_t(1) << 30; // 1 GiB

    /// Receives a message's bytes; called once per get (under the head lock for small messages).
    using Sink = void (*)(const char* data, std::size_t size, void* ctx);

    /// A new queue. `label` ("Queue", "JoinableQueue", ...) names it in error messages.
    /// ValueError on negative maxsize or a ring size out of [1 KiB, 1 GiB].
    static std::shared_ptr<ByteQueue> create(std::ptrdiff_t maxsize, std::size_t ring_bytes, const char* label);
    /// NotFound / Error as Segment::open (kind "queue").
    static std::shared_ptr<ByteQueue> open(const std::string& name, const char* label);

    ByteQueue(const ByteQueue&) = delete;
    ByteQueue& operator=(const ByteQueue&) = delete;
    /// Drops this process's hold; the last user of the queue also removes its large-message parts.
    ~ByteQueue();

    /// Appends one message. False when full (block=false, or the timeout passed).
    /// ValueError over kMaxMessage.
    [[gnu::always_inline]] bool put(const void* data, std::size_t size, bool block,
                                    const std::optional<std::chrono::nanoseconds>& timeout)
    {
        monitor::gate(SchedOp::Put, m_segment.get());
        if (try_put_fast(data, size)) [[likely]]
            return true;
        return put_slow(data, size, block, timeout);
    }
    /// Removes the oldest message and hands it to `sink`. False when empty (no block, or timeout).
    [[gnu::always_inline]] bool get(Sink sink, void* ctx, bool block,
                                    const std::optional<std::chrono::nanoseconds>& timeout)
    {
        monitor::gate(SchedOp::Get, m_segment.get());
        if (try_get_fast(sink, ctx)) [[likely]]
            return true;
        return get_slow(sink, ctx, block, timeout);
    }

    std::size_t qsize();
    bool empty();
    bool full();
    std::ptrdiff_t maxsize() const noexcept { return m_maxsize; }
    std::size_t capacity() const noexcept { return m_capacity; }
    /// Largest payload stored inline in the ring; bigger ones go to a separate shm object.
    std::size_t inline_max() const noexcept { return m_inline_max; }
    const std::string& name() const noexcept;
    const char* label() const noexcept { return m_label; }
    /// "Queue 'proclab-…'", for error messages.
    std::string what() const;

    /// JoinableQueue: ValueError when called more times than items were put.
    void task_done();
    /// Waits until every put item was task_done(); false on timeout.
    bool join(std::optional<std::chrono::nanoseconds> timeout);
    std::uint64_t unfinished_tasks();
    /// How many times a holder of one of the queue's locks died (and the queue was repaired).
    std::uint32_t owner_deaths();

    /// How many times a thread got one of the sides to itself (a biased, lock-free side) and lost it.
    std::uint32_t bias_revocations() const noexcept;

private:
    class Locked;
    enum Side { Head, Tail };
    ByteQueue() = default;
    // The fast paths: only for the thread a side is biased to, and only when the message fits (or
    // one is there) and is inline. False: take the slow path, which handles everything.
    bool try_put_fast(const void* data, std::size_t size) noexcept;
    bool try_get_fast(Sink sink, void* ctx);
    bool put_slow(const void* data, std::size_t size, bool block,
                  const std::optional<std::chrono::nanoseconds>& timeout);
    bool get_slow(Sink sink, void* ctx, bool block, const std::optional<std::chrono::nanoseconds>& timeout);
    // After a publish or consume that saw a waiter count above zero.
    void wake_after_put(std::uint64_t new_tail) noexcept;
    void wake_after_get(std::uint64_t new_head) noexcept;
    void bump_published(std::uint64_t new_tail) noexcept;
    bool owns(Side side) const noexcept;
    struct Record;
    // The record at head word `h` (past a padding record), checked against the ring and against
    // the bytes published up to tail word `t`.
    Record record_at(std::uint64_t h, std::uint64_t t) const noexcept;
    struct Placement {
        std::size_t pos;        // ring offset of the tail
        std::size_t contiguous; // bytes from there to the ring's end
        bool wrap;              // the record does not fit there: padding, then the record at 0
        std::size_t need;       // bytes taken, padding included
    };
    // Where a record of `length` payload bytes goes after tail word `t`.
    Placement placement(std::uint64_t t, std::size_t length, std::uint32_t flags) const noexcept;
    // Room for `need` more bytes and one more message after tail `t`, with head `h`.
    bool has_room(std::uint64_t t, std::uint64_t h, std::size_t need) const noexcept;
    // Under the side's lock: takes the bias away from its owner (waits until it is idle or dead).
    void revoke(Side side) noexcept;
    // Under the side's lock, after an operation: counts it, and biases the side to the caller
    // after enough consecutive ones.
    void count_locked_op(Side side) noexcept;
    // Under the side's lock, after a put or get published: the fence its sleepers rely on (see
    // wait_not_full()), then count_locked_op(). True when someone sleeps (wake them once unlocked).
    bool end_locked_op(Side side) noexcept;
    // The end of a fast put (`put`) or get that published `word`: wakes the sleepers, samples the
    // event. Returns true.
    bool end_fast_op(std::uint64_t word, bool put) noexcept;
    void attach(std::shared_ptr<Segment> segment, const char* label);
    void repair_head() noexcept;
    void repair_tail() noexcept;
    void wake_all() noexcept;
    // The only places where a put or a get goes to sleep (on a futex).
    void wait_not_full(Locked& lock, std::uint64_t head, std::size_t record, const std::optional<timespec>& deadline);
    void wait_not_empty(std::uint64_t tail, const std::optional<timespec>& deadline);
    std::uint64_t published() const noexcept;
    std::string write_part(const void* data, std::size_t size, std::uint64_t& id);
    void read_part(std::uint64_t id, std::uint64_t size, Sink sink, void* ctx);

    std::shared_ptr<Segment> m_segment;
    QueueShared* m_s = nullptr;
    char* m_ring = nullptr;
    std::size_t m_capacity = 0;
    std::size_t m_mask = 0;
    std::size_t m_inline_max = 0;
    std::ptrdiff_t m_maxsize = 0;
    bool m_fast = false; // QueueShared::kFast
    const char* m_label = "Queue";
};

namespace queue_detail {
constexpr std::uint32_t kPad = 1;     // padding up to the end of the ring
constexpr std::uint32_t kLarge = 2;   // payload {u64 part id, u64 size}: the bytes are in a part
constexpr std::uint32_t kAligned = 4; // the payload starts at the next 64-byte boundary
constexpr std::size_t kHeader = 8;
/// Payloads from this size on are cache-line aligned: copies into and out of the ring run at full
/// speed (an 8-byte-aligned 4 KiB copy was measured 2-4 times slower on Zen 4).
constexpr std::size_t kAlignFrom = 512;
constexpr std::uint32_t pos_of(std::uint64_t w)
{
    return static_cast<std::uint32_t>(w);
}
constexpr std::uint32_t seq_of(std::uint64_t w)
{
    return static_cast<std::uint32_t>(w >> 32);
}
constexpr std::uint64_t pack(std::uint32_t pos, std::uint32_t seq)
{
    return (std::uint64_t(seq) << 32) | pos;
}
constexpr std::size_t align8(std::size_t n)
{
    return (n + 7) & ~std::size_t(7);
}
/// memcpy through the C library's, whatever the size: given a constant size of some KiB, GCC
/// inlines `rep movsq`, measured 3-4 times slower than glibc's vector copy into the ring.
void copy_bytes(void* to, const void* from, std::size_t size) noexcept;

/// Copies a large payload into the ring (`to` 64-byte aligned) with non-temporal stores, then an
/// sfence: the lines go out without first being fetched back from the consumer's cache.
void copy_to_ring(void* to, const void* from, std::size_t size) noexcept;

/// A copy of `size` bytes, constant or not: inline when small, the C library's when large.
[[gnu::always_inline]] inline void copy_message(void* to, const void* from, std::size_t size) noexcept
{
    if (size >= kAlignFrom)
        copy_bytes(to, from, size);
    else
        std::memcpy(to, from, size);
}
/// The same into the ring.
[[gnu::always_inline]] inline void copy_message_to_ring(void* to, const void* from, std::size_t size) noexcept
{
    if (size >= kAlignFrom)
        copy_to_ring(to, from, size);
    else
        std::memcpy(to, from, size);
}

/// Where a record at ring offset `at` keeps its payload, from its start.
constexpr std::size_t payload_offset(std::size_t at, std::uint32_t flags)
{
    return (flags & kAligned) ? ((at + kHeader + 63) & ~std::size_t(63)) - at : kHeader;
}
constexpr std::uint32_t record_flags(std::size_t size)
{
    return size >= kAlignFrom ? kAligned : 0;
}
struct RecordHeader {
    std::uint32_t length;
    std::uint32_t flags;
};
// Marks the owner busy in its slot for the scope of a fast operation.
struct BusyScope {
    std::atomic<std::uint32_t>& busy;
    ~BusyScope() { busy.store(0, std::memory_order_release); }
};
} // namespace queue_detail

struct ByteQueue::Record {
    std::uint32_t at; // ring position (unmasked) of its header
    queue_detail::RecordHeader header;
    std::size_t offset; // of the payload from `at`
    std::size_t size;   // of the whole record
    bool in_bounds;     // within the ring and the published bytes
};

inline ByteQueue::Record ByteQueue::record_at(std::uint64_t h, std::uint64_t t) const noexcept
{
    using namespace queue_detail;
    Record r{pos_of(h), {}, 0, 0, false};
    std::memcpy(&r.header, m_ring + (r.at & m_mask), sizeof r.header);
    if (r.header.flags == kPad) [[unlikely]] {
        r.at += std::uint32_t(kHeader + r.header.length);
        std::memcpy(&r.header, m_ring + (r.at & m_mask), sizeof r.header);
    }
    r.offset = payload_offset(r.at & m_mask, r.header.flags);
    r.size = r.offset + align8(r.header.length);
    r.in_bounds = (r.at & m_mask) + r.size <= m_capacity &&
                  std::uint32_t(r.at - pos_of(h)) + r.size <= std::uint32_t(pos_of(t) - pos_of(h));
    return r;
}

inline ByteQueue::Placement ByteQueue::placement(std::uint64_t t, std::size_t length,
                                                 std::uint32_t flags) const noexcept
{
    using namespace queue_detail;
    Placement p{};
    p.pos = pos_of(t) & m_mask;
    p.contiguous = m_capacity - p.pos;
    p.wrap = p.contiguous < payload_offset(p.pos, flags) + align8(length);
    p.need = payload_offset(p.wrap ? 0 : p.pos, flags) + align8(length) + (p.wrap ? p.contiguous : 0);
    return p;
}

inline bool ByteQueue::has_room(std::uint64_t t, std::uint64_t h, std::size_t need) const noexcept
{
    using namespace queue_detail;
    // `h` may be a hint older than the ring (a stale lower bound): then "used" exceeds the
    // capacity, and this says "no room" so that the caller looks at the real head.
    const std::size_t used = std::uint32_t(pos_of(t) - pos_of(h));
    return used <= m_capacity && need <= m_capacity - used &&
           (m_maxsize == 0 || std::uint32_t(seq_of(t) - seq_of(h)) < static_cast<std::uint64_t>(m_maxsize));
}

// The owner's put: plain loads and stores only (see "Biased sides" above).
[[gnu::always_inline]] inline bool ByteQueue::try_put_fast(const void* data, std::size_t size) noexcept
{
    using namespace queue_detail;
    QueueShared& s = *m_s;
    const std::uint64_t b = s.tail_bias.owner.load(std::memory_order_relaxed);
    if (static_cast<std::uint32_t>(b >> 32) != this_thread_id() || size > m_inline_max)
        return false;
    QueueBiasSlot& slot = s.tail_slots[static_cast<std::uint32_t>(b) % QueueShared::kBiasSlots];
    slot.busy.store(1, std::memory_order_relaxed);
    std::atomic_signal_fence(std::memory_order_seq_cst); // the revoker's membarrier orders the rest
    BusyScope busy{slot.busy};
    if (s.tail_bias.owner.load(std::memory_order_relaxed) != b) [[unlikely]]
        return false;
    const std::uint64_t t = s.tail_copy.load(std::memory_order_relaxed);
    const std::uint32_t flags = record_flags(size);
    const Placement place = placement(t, size, flags);
    const std::size_t pos = place.pos;
    const std::size_t contiguous = place.contiguous;
    const std::size_t need = place.need;
    const bool wrap = place.wrap;
    // Room for `need` bytes and one more message, judged against a past head (a lower bound).
    std::uint64_t h = s.head_seen.load(std::memory_order_relaxed);
    if (!has_room(t, h, need)) [[unlikely]] {
        h = s.head.load(std::memory_order_acquire);
        s.head_seen.store(h, std::memory_order_relaxed);
        if (!has_room(t, h, need))
            return false;
    }
    std::size_t at = pos;
    if (wrap) [[unlikely]] {
        const RecordHeader pad{static_cast<std::uint32_t>(contiguous - kHeader), kPad};
        std::memcpy(m_ring + pos, &pad, sizeof pad);
        at = 0;
    }
    const RecordHeader hdr{static_cast<std::uint32_t>(size), flags};
    std::memcpy(m_ring + at, &hdr, sizeof hdr);
    copy_message_to_ring(m_ring + at + payload_offset(at, flags), data, size);
    const std::uint64_t new_t = pack(pos_of(t) + std::uint32_t(need), seq_of(t) + 1);
    s.tail.store(new_t, std::memory_order_release);
    s.tail_copy.store(new_t, std::memory_order_relaxed);
    // `published` only has to stay within 2^32 of the tail's seq (readers extend the seq from it).
    if (static_cast<std::uint16_t>(seq_of(new_t)) == 0) [[unlikely]]
        bump_published(new_t);
    // No fence: a sleeper issues membarrier between counting itself and re-checking the tail.
    return end_fast_op(new_t, true);
}

[[gnu::always_inline]] inline bool ByteQueue::end_fast_op(std::uint64_t word, bool put) noexcept
{
    if (m_s->anyone_waiting()) [[unlikely]] {
        if (put)
            wake_after_put(word);
        else
            wake_after_get(word);
    }
    if (monitor::sample()) [[unlikely]]
        monitor::record_sampled(m_segment.get(), put ? EventKind::Put : EventKind::Get, queue_detail::seq_of(word));
    return true;
}

// The owner's get: plain loads and stores only. `sink` may throw: the message stays.
[[gnu::always_inline]] inline bool ByteQueue::try_get_fast(Sink sink, void* ctx)
{
    using namespace queue_detail;
    QueueShared& s = *m_s;
    const std::uint64_t b = s.head_bias.owner.load(std::memory_order_relaxed);
    if (static_cast<std::uint32_t>(b >> 32) != this_thread_id())
        return false;
    QueueBiasSlot& slot = s.head_slots[static_cast<std::uint32_t>(b) % QueueShared::kBiasSlots];
    slot.busy.store(1, std::memory_order_relaxed);
    std::atomic_signal_fence(std::memory_order_seq_cst);
    BusyScope busy{slot.busy};
    if (s.head_bias.owner.load(std::memory_order_relaxed) != b) [[unlikely]]
        return false;
    const std::uint64_t h = s.head.load(std::memory_order_relaxed);
    std::uint64_t t = s.tail_seen.load(std::memory_order_relaxed);
    if (pos_of(t) == pos_of(h)) {
        t = s.tail.load(std::memory_order_acquire);
        s.tail_seen.store(t, std::memory_order_relaxed);
        if (pos_of(t) == pos_of(h))
            return false;
    }
    const Record r = record_at(h, t);
    // Anything unusual (a large message, a record that would overrun) goes the slow way.
    if ((r.header.flags & ~kAligned) != 0 || !r.in_bounds) [[unlikely]]
        return false;
    sink(m_ring + (r.at & m_mask) + r.offset, r.header.length, ctx);
    const std::uint64_t new_h = pack(r.at + std::uint32_t(r.size), seq_of(h) + 1);
    s.head.store(new_h, std::memory_order_release);
    return end_fast_op(new_h, false);
}

} // namespace proclab::detail
