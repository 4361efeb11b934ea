#pragma once
// Queue<T>, JoinableQueue<T>, SimpleQueue<T>: Python's multiprocessing queues, in shared memory.
//
//   proclab::Queue<int> q(100);          // at most 100 messages
//   q.put(42);  int v = q.get();  q.get(1s);  q.get_nowait();    // Empty
//   auto same = proclab::Queue<int>::open(q.name());              // any process of this user
//
// Multi-producer, multi-consumer, FIFO per producer, no feeder thread (put() copies the message
// into the queue before it returns). A process killed in the middle of any operation never
// corrupts or wedges the queue for the others. Handles are cheap copyable references; the queue
// goes away with its last handle in the last process. A handle passed to a Spawn or ForkServer
// task is sent by name and opened again in the child.
//
// Messages: trivially copyable T (int, double, PODs) are copied as they are, std::string as its
// bytes, anything else through cereal (serialize.h). A message of up to capacity()/4 bytes is
// stored inline in the ring; a larger one (up to max_message_size = 1 GiB) is stored in a separate
// shared-memory object "<name>.m<n>" and passes through the ring by reference. Bigger → ValueError.
//
// Speed: a side (producers or consumers) used by one thread alone for a while is biased to it, and
// that thread's put or get then costs a few plain loads and stores, no lock (see byte_queue.h).
// 8 B messages 1->1 run at ~10-18 ns each, about half the speed of a minimal single-producer ring.

#include <proclab/detail/byte_queue.h>
#include <proclab/detail/named_handle.h>
#include <proclab/errors.h>
#include <proclab/serialize.h>

#include <chrono>
#include <cstddef>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

namespace proclab {

namespace detail {

/// Copied as raw bytes: no serialization, no allocation.
template <class T>
inline constexpr bool queue_raw_v =
    std::is_trivially_copyable_v<T> && !std::is_pointer_v<T> && !std::is_member_pointer_v<T>;

/// Large raw messages are not zeroed before a get overwrites them (a 4 KiB message would cost a
/// memset more); small ones are, which costs nothing.
template <class T>
inline constexpr bool queue_no_zero_v = queue_raw_v<T>&& std::is_trivially_default_constructible_v<T> &&
                                        (sizeof(T) > 64);

template <class T>
[[gnu::always_inline]] inline bool queue_put(ByteQueue& q, const T& v, bool block,
                                             const std::optional<std::chrono::nanoseconds>& timeout)
{
    if constexpr (queue_raw_v<T>) {
        return q.put(&v, sizeof(T), block, timeout);
    } else if constexpr (std::is_same_v<T, std::string>) {
        return q.put(v.data(), v.size(), block, timeout);
    } else {
        const std::string bytes = to_bytes(v);
        return q.put(bytes.data(), bytes.size(), block, timeout);
    }
}

template <class T>
struct RawSink {
    T* out;
    std::size_t got = 0;
    bool ok = false;
    static void sink(const char* data, std::size_t size, void* ctx)
    {
        auto* self = static_cast<RawSink*>(ctx);
        self->got = size;
        self->ok = size == sizeof(T);
        if (self->ok)
            queue_detail::copy_message(static_cast<void*>(self->out), data, sizeof(T));
    }
};

inline void queue_string_sink(const char* data, std::size_t size, void* ctx)
{
    static_cast<std::string*>(ctx)->assign(data, size);
}

/// false: empty. Throws ValueError when the message does not hold a T.
template <class T>
[[gnu::always_inline]] inline bool queue_get(ByteQueue& q, T& out, bool block,
                                             const std::optional<std::chrono::nanoseconds>& timeout)
{
    if constexpr (queue_raw_v<T>) {
        RawSink<T> s{&out};
        if (!q.get(&RawSink<T>::sink, &s, block, timeout))
            return false;
        if (!s.ok)
            throw ValueError("a message of " + std::to_string(s.got) + " bytes from " + q.what() +
                             " does not hold a value of " + std::to_string(sizeof(T)) +
                             " bytes (was the queue opened with another type?)");
        return true;
    } else if constexpr (std::is_same_v<T, std::string>) {
        return q.get(&queue_string_sink, &out, block, timeout);
    } else {
        std::string bytes;
        if (!q.get(&queue_string_sink, &bytes, block, timeout))
            return false;
        try {
            from_bytes(bytes, out);
        } catch (const std::exception& e) {
            throw ValueError("a message of " + std::to_string(bytes.size()) + " bytes from " + q.what() +
                             " cannot be read as the queue's type: " + e.what());
        }
        return true;
    }
}

} // namespace detail

/// Python's multiprocessing.Queue: bounded multi-producer multi-consumer queue of T.
template <class T = std::string>
class Queue : public detail::NamedHandle<Queue<T>> {
public:
    using value_type = T;
    static constexpr std::size_t default_ring_bytes = detail::ByteQueue::kDefaultRingBytes;
    static constexpr std::size_t max_message_size = detail::ByteQueue::kMaxMessage;

    /// A new queue holding at most `maxsize` messages (0: as many as fit in `ring_bytes` of shared
    /// memory, rounded up to a power of two). ValueError: negative maxsize, ring_bytes outside
    /// [1 KiB, 1 GiB]. Error when the shared memory cannot be created.
    explicit Queue(std::ptrdiff_t maxsize = 0, std::size_t ring_bytes = default_ring_bytes)
        : Queue(detail::ByteQueue::create(maxsize, ring_bytes, "Queue"))
    {
    }
    /// Opens an existing queue by name(), in any process of this user. NotFound when no such
    /// queue exists; Error when it belongs to another user or is not a queue.
    static Queue open(const std::string& name) { return Queue(detail::ByteQueue::open(name, "Queue")); }

    /// Appends `v`, waiting while the queue is full (forever, or up to `timeout`: then Full).
    /// ValueError: closed handle, message over max_message_size.
    void put(const T& v) { detail::queue_put(engine(), v, true, std::nullopt); }
    void put(const T& v, std::chrono::nanoseconds timeout)
    {
        if (!detail::queue_put(engine(), v, true, timeout))
            throw Full(what() + " is full (put timed out)");
    }
    /// Appends `v` or throws Full at once.
    void put_nowait(const T& v)
    {
        if (!detail::queue_put(engine(), v, false, std::nullopt))
            throw Full(what() + " is full");
    }

    /// Removes and returns the oldest message, waiting while the queue is empty (forever, or up to
    /// `timeout`: then Empty). ValueError: closed handle, a message that is not a T.
    T get()
    {
        if constexpr (detail::queue_no_zero_v<T>) {
            T v; // every byte is overwritten
            detail::queue_get(engine(), v, true, std::nullopt);
            return v;
        } else {
            T v{};
            detail::queue_get(engine(), v, true, std::nullopt);
            return v;
        }
    }
    T get(std::chrono::nanoseconds timeout)
    {
        if constexpr (detail::queue_no_zero_v<T>) {
            T v; // every byte is overwritten, or nothing is returned
            if (!detail::queue_get(engine(), v, true, timeout))
                throw Empty(what() + " is empty (get timed out)");
            return v;
        } else {
            T v{};
            if (!detail::queue_get(engine(), v, true, timeout))
                throw Empty(what() + " is empty (get timed out)");
            return v;
        }
    }
    /// Removes and returns the oldest message or throws Empty at once.
    T get_nowait()
    {
        if constexpr (detail::queue_no_zero_v<T>) {
            T v; // every byte is overwritten, or nothing is returned
            if (!detail::queue_get(engine(), v, false, std::nullopt))
                throw Empty(what() + " is empty");
            return v;
        } else {
            T v{};
            if (!detail::queue_get(engine(), v, false, std::nullopt))
                throw Empty(what() + " is empty");
            return v;
        }
    }

    /// Exact (linearizable: the tail read between two equal reads of the head), unlike Python's
    /// approximations.
    std::size_t qsize() const { return engine().qsize(); }
    bool empty() const { return engine().empty(); }
    /// qsize() >= maxsize(), or the ring has no room left for even an empty message.
    bool full() const { return engine().full(); }
    std::ptrdiff_t maxsize() const { return engine().maxsize(); }
    /// Bytes of the ring (a power of two); messages over capacity()/4 are stored apart.
    std::size_t capacity() const { return engine().capacity(); }
    /// How many processes died holding one of the queue's locks. Each time, the next user repaired the
    /// queue (messages published before the death are kept, a half-done put or get has no effect).
    std::uint32_t owner_deaths() const { return engine().owner_deaths(); }

    /// Releases this handle: its later put/get/... throw ValueError. Other handles (copies made
    /// before, other processes) are not affected. Idempotent.
    void close() { m_q.reset(); }
    bool closed() const noexcept { return !m_q; }
    /// The shared object's name, for open().
    const std::string& name() const noexcept { return m_name; }

protected:
    explicit Queue(std::shared_ptr<detail::ByteQueue> q)
        : m_q(std::move(q))
        , m_name(m_q->name())
        , m_label(m_q->label())
    {
    }
    detail::ByteQueue& engine() const
    {
        if (!m_q)
            throw ValueError(what() + " is closed");
        return *m_q;
    }
    std::string what() const { return std::string(m_label) + " '" + m_name + "'"; }

    std::shared_ptr<detail::ByteQueue> m_q;
    std::string m_name;
    const char* m_label = "Queue";
};

/// Python's JoinableQueue: a Queue that counts unfinished tasks (put() adds one, task_done()
/// removes one) so that join() can wait until every item was processed.
template <class T = std::string>
class JoinableQueue
    : public Queue<T>
    , public detail::NamedHandle<JoinableQueue<T>> {
public:
    using detail::NamedHandle<JoinableQueue<T>>::save;
    using detail::NamedHandle<JoinableQueue<T>>::load;

    explicit JoinableQueue(std::ptrdiff_t maxsize = 0, std::size_t ring_bytes = Queue<T>::default_ring_bytes)
        : Queue<T>(detail::ByteQueue::create(maxsize, ring_bytes, "JoinableQueue"))
    {
    }
    static JoinableQueue open(const std::string& name)
    {
        return JoinableQueue(detail::ByteQueue::open(name, "JoinableQueue"));
    }

    /// One item taken with get() is processed. ValueError when called more times than items were put.
    void task_done() { this->engine().task_done(); }
    /// Waits until every item put was task_done().
    void join() { this->engine().join(std::nullopt); }
    /// As join(); false when the timeout passed first.
    bool join(std::chrono::nanoseconds timeout) { return this->engine().join(timeout); }
    /// Items put and not yet task_done().
    std::uint64_t unfinished_tasks() const { return this->engine().unfinished_tasks(); }

private:
    explicit JoinableQueue(std::shared_ptr<detail::ByteQueue> q)
        : Queue<T>(std::move(q))
    {
    }
};

/// Python's SimpleQueue: put, get, empty, close. Unbounded up to its ring; same engine as Queue.
template <class T = std::string>
class SimpleQueue : public detail::NamedHandle<SimpleQueue<T>> {
public:
    explicit SimpleQueue(std::size_t ring_bytes = Queue<T>::default_ring_bytes)
        : m_q(detail::ByteQueue::create(0, ring_bytes, "SimpleQueue"))
    {
    }
    static SimpleQueue open(const std::string& name)
    {
        return SimpleQueue(Q(detail::ByteQueue::open(name, "SimpleQueue")));
    }

    /// Appends `v` (waits while the ring is full). ValueError when closed or over the maximum.
    void put(const T& v) { m_q.put(v); }
    /// Removes and returns the oldest message, waiting while empty. ValueError when closed.
    T get() { return m_q.get(); }
    bool empty() const { return m_q.empty(); }
    /// Releases this handle (later calls throw ValueError).
    void close() { m_q.close(); }
    const std::string& name() const noexcept { return m_q.name(); }

private:
    struct Q : Queue<T> {
        explicit Q(std::shared_ptr<detail::ByteQueue> q)
            : Queue<T>(std::move(q))
        {
        }
    };
    explicit SimpleQueue(Q&& q)
        : m_q(std::move(q))
    {
    }
    Q m_q;
};

} // namespace proclab
