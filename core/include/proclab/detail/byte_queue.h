#pragma once
// Private to the core (public only because Queue<T> is a template): the engine of Queue,
// JoinableQueue and SimpleQueue. A byte ring in a shared-memory Segment of kind "queue" with two
// robust mutexes (Michael & Scott's two-lock queue): producers serialize on the tail lock,
// consumers on the head lock, so one producer and one consumer never contend. Futex sequence words
// wake blocked getters, putters and joiners.
//
// Records are {u32 length, u32 flags} + payload, 8-byte aligned; a record that does not fit before
// the end of the ring is preceded by a padding record and starts at offset 0. Payloads larger than
// a quarter of the ring go to a separate shm object "<queue name>.m<n>" (a "part" of the queue) and
// the ring carries a 16-byte reference.
//
// Each side's state is ONE 64-bit atomic word {u32 byte position, u32 message sequence}: a put
// writes its record completely, then publishes it (bytes and count together) by one store of the
// tail word; a get copies out, then consumes by one store of the head word. So a process killed at
// any point leaves both words consistent; qsize() is tail.seq - head.seq. JoinableQueue's
// unfinished count is derived too: messages ever published minus task_done() calls (an atomic
// counter), so no journal is needed. The next holder of a side's lock after a holder died
// (OwnerDied) only refreshes that side's hints and wakes every waiter.
//
// Waiting: a put that finds no room, or a get that finds nothing, first spins briefly outside its
// lock, then sleeps in wait_not_full() / wait_not_empty(), the only two places where the queue
// goes to sleep (a hook for "blocked on queue X" belongs there). A sleeper registers in a waiter
// count and re-checks (Dekker with the seq_cst publish or consume, which then reads the count), so
// a put or get wakes someone only when someone sleeps: no futex system call otherwise.
//
// Cost (2-core Zen 4 VM, issue #3): 8 B 1->1 is ~20-60 ns a message, bound by the producer's three
// lock-prefixed instructions per put (lock, seq_cst publish, unlock), each of which waits for the
// previous record's cache lines to reach the consumer. A faster design needs at most one such
// instruction per operation on each side (see the notes of the queue-perf branch).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <ctime>
#include <memory>
#include <optional>
#include <string>

namespace proclab::detail {

class Segment;
struct QueueShared;

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
    bool put(const void* data, std::size_t size, bool block, const std::optional<std::chrono::nanoseconds>& timeout);
    /// Removes the oldest message and hands it to `sink`. False when empty (no block, or timeout).
    bool get(Sink sink, void* ctx, bool block, const std::optional<std::chrono::nanoseconds>& timeout);

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

private:
    class Locked;
    ByteQueue() = default;
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
    const char* m_label = "Queue";
};

} // namespace proclab::detail
