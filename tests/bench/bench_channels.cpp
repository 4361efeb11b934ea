// bench_channels: ProcLab's Queue, Pipe and Lock against their peers, in the same run.
//
//   ProcLab  Queue<uint64_t> 8 B 1→1, Queue 4 KiB 1→1, ping-pong through two Queues, 4×4 MPMC,
//            Pipe 8 B and 64 KiB (one-way and duplex), Lock uncontended and contended by 2 processes
//   Raw      pipe and socketpair (8 B, 64 KiB), a minimal SPSC shared-memory ring (the practical
//            limit: atomic head/tail, busy-spin with an occasional yield), memcpy bandwidth (4 KiB),
//            process-shared sem_t ping-pong, process-shared pthread mutex (uncontended, contended)
//   Boost    Boost.Interprocess message_queue, 8 B and 4 KiB, 1→1
//   Python   multiprocessing Queue, SimpleQueue, Pipe (8 B), Queue 4 KiB, Lock
//            (python_channels_peer.py, timed by the script itself and reported as manual time)
//
// Every figure is the real time of ONE operation: one message (sent by one process, received by
// another), one round trip, or one acquire+release. Multi-process benchmarks fork their peers
// before the clock starts, release them together through a start gate, stop the clock when the
// last message is received, and join every child in every path (a child still running when a
// benchmark leaves is killed and reaped).
// After the table, a ratio table compares ProcLab with the peers against the project's targets
// (informational: a MISS does not fail the run), then a table of ProcLab's figures in their units.
//
// Own flags (removed before Google Benchmark sees the rest):
//   --smoke          small message counts, one repetition (ctest bench.bench_channels_smoke);
//                    also PROCLAB_BENCH_SMOKE=1 in the environment
//   --scale=F        multiply every message count by F (default 1)
// Without --smoke and unless --benchmark_repetitions is given, each benchmark runs 3 repetitions
// and the ratio table uses their median; the repetitions of all benchmarks are interleaved in a
// random order (--benchmark_enable_random_interleaving, unless given) so that a burst of load on
// the machine does not favour the benchmarks that happened to run before or after it.
// Exit status: 0, or 1 when a benchmark failed (a child did not exit 0, a message was wrong) or a
// child of this process was left behind (running or zombie) at the end.

#include <proclab/proclab.h>

#if __has_include(<proclab/queue.h>)
#include <proclab/queue.h>
#define PROCLAB_BENCH_HAVE_QUEUE 1
#endif
#if __has_include(<proclab/lock.h>)
#include <proclab/lock.h>
#define PROCLAB_BENCH_HAVE_LOCK 1
#endif

#include "bench_support.h"

#include <benchmark/benchmark.h>
#include <boost/interprocess/ipc/message_queue.hpp>

#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <functional>
#include <new>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <string>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#ifndef PROCLAB_PYTHON_CHANNELS_PEER
#define PROCLAB_PYTHON_CHANNELS_PEER "python_channels_peer.py"
#endif

extern char** environ;

namespace {

using pbench::Clock;
using pbench::fail;
using pbench::seconds_since;

/// How many messages a batch benchmark moves: `full` normally, a small share in smoke mode.
std::size_t count(std::size_t full)
{
    return pbench::count(full, 200, 500);
}

// ---------------------------------------------------------------------------------------------
// Helpers: shared memory, children, start gate

/// One T in anonymous shared memory (MAP_SHARED): visible to children forked afterwards.
template <class T>
class Shared {
public:
    template <class... A>
    explicit Shared(std::size_t extra = 0, A&&... args)
        : m_size(sizeof(T) + extra)
    {
        void* p = ::mmap(nullptr, m_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            throw std::runtime_error(std::string("mmap: ") + std::strerror(errno));
        m_p = new (p) T(std::forward<A>(args)...);
    }
    ~Shared()
    {
        m_p->~T();
        ::munmap(m_p, m_size);
    }
    Shared(const Shared&) = delete;
    Shared& operator=(const Shared&) = delete;
    T* operator->() const { return m_p; }
    T& operator*() const { return *m_p; }
    T* get() const { return m_p; }

private:
    std::size_t m_size;
    T* m_p;
};

/// Start gate: children announce themselves, then wait for the parent's go (spinning, yielding).
struct Gate {
    std::atomic<int> ready{0};
    std::atomic<int> go{0};
    std::atomic<int> stop{0};

    void arrive_and_wait()
    {
        ready.fetch_add(1);
        while (!go.load(std::memory_order_acquire))
            sched_yield();
    }
    /// Waits for `n` children, then opens the gate; returns the start time.
    Clock::time_point open(int n)
    {
        while (ready.load() < n)
            sched_yield();
        const auto t0 = Clock::now();
        go.store(1, std::memory_order_release);
        return t0;
    }
};

/// Children of one benchmark run. Those not joined when it goes out of scope (an early return,
/// an exception) are killed and reaped: no benchmark leaves a process behind.
class Children {
public:
    Children() = default;
    Children(const Children&) = delete;
    Children& operator=(const Children&) = delete;
    ~Children()
    {
        for (const pid_t pid : m_pids) {
            ::kill(pid, SIGKILL);
            int status;
            while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        }
    }

    /// Forks a child running f(); it leaves with _exit(0), or _exit(1) when f throws.
    template <class F>
    void fork(F f)
    {
        const pid_t pid = ::fork();
        if (pid < 0)
            throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
        if (pid == 0) {
            int rc = 0;
            try {
                f();
            } catch (const std::exception& e) {
                std::fprintf(stderr, "bench_channels child: %s\n", e.what());
                rc = 1;
            } catch (...) {
                rc = 1;
            }
            ::_exit(rc);
        }
        m_pids.push_back(pid);
    }

    /// Joins every child; false (and why) when one did not exit 0.
    bool join(std::string* why)
    {
        bool ok = true;
        for (const pid_t pid : m_pids) {
            std::string w;
            if (!pbench::wait_exit0(pid, &w) && ok) {
                ok = false;
                *why = w;
            }
        }
        m_pids.clear();
        return ok;
    }

private:
    std::vector<pid_t> m_pids;
};

bool write_all(int fd, const char* data, std::size_t size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data += n;
        size -= std::size_t(n);
    }
    return true;
}

bool read_all(int fd, char* data, std::size_t size)
{
    while (size > 0) {
        const ssize_t n = ::read(fd, data, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        size -= std::size_t(n);
    }
    return true;
}

/// Runs one batch benchmark: `body(n)` runs the measured part and returns its start time (or
/// throws); each state iteration is one batch of `n` operations, reported per operation.
template <class Body>
void run_batch(benchmark::State& state, std::size_t n, std::size_t bytes_per_op, Body body)
{
    double total = 0;
    std::size_t ops = 0;
    try {
        for (auto _ : state) {
            std::string why;
            const double elapsed = body(n, &why);
            if (elapsed < 0) {
                fail(state, why);
                return;
            }
            state.SetIterationTime(elapsed / double(n));
            total += elapsed;
            ops += n;
        }
    } catch (const std::exception& e) {
        fail(state, std::string("exception: ") + e.what());
        return;
    }
    if (total > 0) {
        state.counters["ops/s"] = double(ops) / total;
        if (bytes_per_op)
            state.counters["GB/s"] = double(ops) * double(bytes_per_op) / total / 1e9;
    }
    state.counters["n"] = double(n);
}

// ---------------------------------------------------------------------------------------------
// Raw peers: pipe, socketpair

/// A child writes n messages of `size` bytes to a pipe (or socketpair); this process reads them.
double raw_stream(bool socket, std::size_t size, std::size_t n, std::string* why)
{
    int fds[2];
    if (socket ? ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) : ::pipe2(fds, O_CLOEXEC)) {
        *why = std::string("pipe: ") + std::strerror(errno);
        return -1;
    }
    const int rfd = fds[0], wfd = fds[1];
    Shared<Gate> gate;
    Children kids;
    kids.fork([&] {
        ::close(rfd);
        std::vector<char> msg(size, 'x');
        gate->arrive_and_wait();
        for (std::size_t i = 0; i < n; ++i)
            if (!write_all(wfd, msg.data(), size))
                throw std::runtime_error("write failed");
    });
    ::close(wfd);
    std::vector<char> buf(size);
    const auto t0 = gate->open(1);
    bool ok = true;
    for (std::size_t i = 0; i < n && ok; ++i)
        ok = read_all(rfd, buf.data(), size);
    const double elapsed = seconds_since(t0);
    ::close(rfd);
    if (!kids.join(why) || !ok || buf[size - 1] != 'x') {
        if (why->empty())
            *why = "short read";
        return -1;
    }
    return elapsed;
}

// ---------------------------------------------------------------------------------------------
// Raw peer: a minimal single-producer single-consumer ring in shared memory

struct alignas(64) RingHeader {
    alignas(64) std::atomic<std::uint64_t> head{0}; // next slot to write (producer)
    alignas(64) std::atomic<std::uint64_t> tail{0}; // next slot to read (consumer)
    alignas(64) Gate gate;
};

constexpr std::size_t kRingSlots = 1024;

/// Spins, yielding now and then (2 cores shared with the peer: never spin forever without yield).
inline void backoff(unsigned& spins)
{
    if (++spins % 64 == 0)
        sched_yield();
}

double spsc_ring(std::size_t size, std::size_t n, std::string* why)
{
    Shared<RingHeader> ring(kRingSlots * size);
    char* slots = reinterpret_cast<char*>(ring.get()) + sizeof(RingHeader);
    Children kids;
    kids.fork([&] {
        std::vector<char> msg(size, 'x');
        RingHeader& r = *ring;
        r.gate.arrive_and_wait();
        std::uint64_t head = 0, tail_seen = 0;
        for (std::size_t i = 0; i < n; ++i) {
            unsigned spins = 0;
            while (head - tail_seen == kRingSlots) {
                tail_seen = r.tail.load(std::memory_order_acquire);
                if (head - tail_seen == kRingSlots)
                    backoff(spins);
            }
            std::memcpy(slots + (head % kRingSlots) * size, msg.data(), size);
            ++head;
            r.head.store(head, std::memory_order_release);
        }
    });
    RingHeader& r = *ring;
    std::vector<char> buf(size);
    const auto t0 = r.gate.open(1);
    std::uint64_t tail = 0, head_seen = 0;
    for (std::size_t i = 0; i < n; ++i) {
        unsigned spins = 0;
        while (tail == head_seen) {
            head_seen = r.head.load(std::memory_order_acquire);
            if (tail == head_seen)
                backoff(spins);
        }
        std::memcpy(buf.data(), slots + (tail % kRingSlots) * size, size);
        ++tail;
        r.tail.store(tail, std::memory_order_release);
    }
    const double elapsed = seconds_since(t0);
    if (!kids.join(why))
        return -1;
    if (buf[size - 1] != 'x') {
        *why = "wrong message";
        return -1;
    }
    return elapsed;
}

// ---------------------------------------------------------------------------------------------
// Raw peers: memcpy, sem_t ping-pong, pthread mutex

void BM_memcpy_4k(benchmark::State& state)
{
    // 256 source and destination blocks (2 MiB): beyond L1/L2, as messages through a ring are.
    constexpr std::size_t kBlock = 4096, kBlocks = 256;
    std::vector<char> src(kBlock * kBlocks, 'x'), dst(kBlock * kBlocks);
    std::size_t i = 0;
    for (auto _ : state) {
        std::memcpy(dst.data() + (i % kBlocks) * kBlock, src.data() + ((i * 7) % kBlocks) * kBlock, kBlock);
        benchmark::ClobberMemory();
        ++i;
    }
    state.SetBytesProcessed(std::int64_t(state.iterations()) * std::int64_t(kBlock));
}

struct SemPair {
    sem_t ping;
    sem_t pong;
    Gate gate;
};

double sem_pingpong(std::size_t n, std::string* why)
{
    Shared<SemPair> s;
    if (::sem_init(&s->ping, 1, 0) != 0 || ::sem_init(&s->pong, 1, 0) != 0) {
        *why = std::string("sem_init: ") + std::strerror(errno);
        return -1;
    }
    Children kids;
    kids.fork([&] {
        s->gate.arrive_and_wait();
        for (std::size_t i = 0; i < n; ++i) {
            while (::sem_wait(&s->ping) != 0 && errno == EINTR) {}
            ::sem_post(&s->pong);
        }
    });
    const auto t0 = s->gate.open(1);
    for (std::size_t i = 0; i < n; ++i) {
        ::sem_post(&s->ping);
        while (::sem_wait(&s->pong) != 0 && errno == EINTR) {}
    }
    const double elapsed = seconds_since(t0);
    const bool ok = kids.join(why);
    ::sem_destroy(&s->ping);
    ::sem_destroy(&s->pong);
    return ok ? elapsed : -1;
}

struct SharedMutex {
    pthread_mutex_t mutex;
    Gate gate;
    SharedMutex()
    {
        pthread_mutexattr_t attr;
        pthread_mutexattr_init(&attr);
        pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
        pthread_mutex_init(&mutex, &attr);
        pthread_mutexattr_destroy(&attr);
    }
    ~SharedMutex() { pthread_mutex_destroy(&mutex); }
};

void BM_pthread_mutex_uncontended(benchmark::State& state)
{
    Shared<SharedMutex> m;
    for (auto _ : state) {
        pthread_mutex_lock(&m->mutex);
        pthread_mutex_unlock(&m->mutex);
    }
}

/// A child acquires and releases `lock`/`unlock` in a loop until told to stop; this process times
/// n acquire+release of its own meanwhile.
template <class Lock, class Unlock>
double contended(Gate& gate, std::size_t n, Lock lock, Unlock unlock, std::string* why)
{
    Children kids;
    kids.fork([&] {
        gate.arrive_and_wait();
        while (!gate.stop.load(std::memory_order_relaxed)) {
            lock();
            unlock();
        }
    });
    const auto t0 = gate.open(1);
    for (std::size_t i = 0; i < n; ++i) {
        lock();
        unlock();
    }
    const double elapsed = seconds_since(t0);
    gate.stop.store(1);
    return kids.join(why) ? elapsed : -1;
}

// ---------------------------------------------------------------------------------------------
// Boost.Interprocess message_queue

namespace bip = boost::interprocess;

/// The queue's name, removed before and after (it lives in /dev/shm).
class BoostQueueName {
public:
    explicit BoostQueueName(const char* what)
        : m_name("proclab_bench_" + std::to_string(::getpid()) + "_" + what)
    {
        bip::message_queue::remove(m_name.c_str());
    }
    ~BoostQueueName() { bip::message_queue::remove(m_name.c_str()); }
    const char* c_str() const { return m_name.c_str(); }

private:
    std::string m_name;
};

double boost_mq(std::size_t size, std::size_t capacity, std::size_t n, std::string* why)
{
    BoostQueueName name(size == 8 ? "mq8" : "mq4k");
    bip::message_queue mq(bip::create_only, name.c_str(), capacity, size);
    Shared<Gate> gate;
    Children kids;
    kids.fork([&] {
        bip::message_queue q(bip::open_only, name.c_str());
        std::vector<char> msg(size, 'x');
        gate->arrive_and_wait();
        for (std::size_t i = 0; i < n; ++i)
            q.send(msg.data(), size, 0);
    });
    std::vector<char> buf(size);
    const auto t0 = gate->open(1);
    bool ok = true;
    for (std::size_t i = 0; i < n; ++i) {
        bip::message_queue::size_type got = 0;
        unsigned prio = 0;
        mq.receive(buf.data(), size, got, prio);
        ok = ok && got == size;
    }
    const double elapsed = seconds_since(t0);
    if (!kids.join(why))
        return -1;
    if (!ok || buf[size - 1] != 'x') {
        *why = "wrong message";
        return -1;
    }
    return elapsed;
}

// ---------------------------------------------------------------------------------------------
// ProcLab: Pipe

/// ignore: with proclab::ignore_sigpipe() in effect (sends skip the SIGPIPE masking).
double proclab_pipe(bool duplex, std::size_t size, std::size_t n, std::string* why, bool ignore = false)
{
    struct IgnoreSigpipe {
        bool on;
        explicit IgnoreSigpipe(bool on_)
            : on(on_)
        {
            if (on)
                proclab::ignore_sigpipe(true);
        }
        ~IgnoreSigpipe()
        {
            if (on)
                proclab::ignore_sigpipe(false);
        }
    } ignoring(ignore);
    auto [r, w] = proclab::Pipe<std::string>(duplex);
    Shared<Gate> gate;
    Children kids;
    kids.fork([&, &r = r, &w = w] {
        r.close();
        std::string msg(size, 'x');
        gate->arrive_and_wait();
        for (std::size_t i = 0; i < n; ++i)
            w.send_bytes(std::string_view(msg));
    });
    w.close();
    std::vector<std::byte> buf(size);
    const auto t0 = gate->open(1);
    bool ok = true;
    for (std::size_t i = 0; i < n; ++i)
        ok = r.recv_bytes_into(buf) == size && ok;
    const double elapsed = seconds_since(t0);
    if (!kids.join(why))
        return -1;
    if (!ok || buf[size - 1] != std::byte{'x'}) {
        *why = "wrong message";
        return -1;
    }
    return elapsed;
}

/// The typed API for 8 B: Pipe<std::uint64_t> send/recv.
double proclab_pipe_u64(bool duplex, std::size_t n, std::string* why)
{
    auto [r, w] = proclab::Pipe<std::uint64_t>(duplex);
    Shared<Gate> gate;
    Children kids;
    kids.fork([&, &r = r, &w = w] {
        r.close();
        gate->arrive_and_wait();
        for (std::uint64_t i = 0; i < n; ++i)
            w.send(i);
    });
    w.close();
    const auto t0 = gate->open(1);
    bool ok = true;
    for (std::uint64_t i = 0; i < n; ++i)
        ok = r.recv() == i && ok;
    const double elapsed = seconds_since(t0);
    if (!kids.join(why))
        return -1;
    if (!ok) {
        *why = "messages out of order";
        return -1;
    }
    return elapsed;
}

// ---------------------------------------------------------------------------------------------
// ProcLab: Queue, Lock (guarded: they compile once their headers exist)

#ifdef PROCLAB_BENCH_HAVE_QUEUE
/// Blocking gets time out after this: a peer that died (a bug) fails the benchmark instead of
/// hanging it. The timeout costs nothing until a get has to wait.
constexpr auto kNoHang = std::chrono::seconds(60);

double proclab_queue_u64(std::size_t n, std::string* why)
{
    proclab::Queue<std::uint64_t> q;
    Shared<Gate> gate;
    Children kids;
    kids.fork([&] {
        gate->arrive_and_wait();
        for (std::uint64_t i = 0; i < n; ++i)
            q.put(i);
    });
    const auto t0 = gate->open(1);
    bool ok = true;
    for (std::uint64_t i = 0; i < n; ++i)
        ok = q.get(kNoHang) == i && ok;
    const double elapsed = seconds_since(t0);
    if (!kids.join(why))
        return -1;
    if (!ok) {
        *why = "messages out of order";
        return -1;
    }
    return elapsed;
}

using Block4k = std::array<std::byte, 4096>;

double proclab_queue_4k(std::size_t n, std::string* why)
{
    proclab::Queue<Block4k> q;
    Shared<Gate> gate;
    Children kids;
    kids.fork([&] {
        Block4k msg;
        msg.fill(std::byte{'x'});
        gate->arrive_and_wait();
        for (std::size_t i = 0; i < n; ++i)
            q.put(msg);
    });
    const auto t0 = gate->open(1);
    Block4k got{};
    for (std::size_t i = 0; i < n; ++i)
        got = q.get(kNoHang);
    const double elapsed = seconds_since(t0);
    if (!kids.join(why))
        return -1;
    if (got[4095] != std::byte{'x'}) {
        *why = "wrong message";
        return -1;
    }
    return elapsed;
}

double proclab_queue_pingpong(std::size_t n, std::string* why)
{
    proclab::Queue<std::uint64_t> ping, pong;
    Shared<Gate> gate;
    Children kids;
    kids.fork([&] {
        gate->arrive_and_wait();
        for (std::size_t i = 0; i < n; ++i)
            pong.put(ping.get(kNoHang) + 1);
    });
    const auto t0 = gate->open(1);
    bool ok = true;
    for (std::uint64_t i = 0; i < n; ++i) {
        ping.put(i);
        ok = pong.get(kNoHang) == i + 1 && ok;
    }
    const double elapsed = seconds_since(t0);
    if (!kids.join(why))
        return -1;
    if (!ok) {
        *why = "wrong reply";
        return -1;
    }
    return elapsed;
}

/// 4 producer and 4 consumer processes; n messages in all. Each consumer sums what it got; the
/// sums add up to the sum of all messages when none was lost or duplicated.
double proclab_queue_mpmc(std::size_t n, std::string* why)
{
    constexpr int kProducers = 4, kConsumers = 4;
    n -= n % (kProducers * kConsumers);
    proclab::Queue<std::uint64_t> q;
    struct Sums {
        Gate gate;
        std::atomic<std::uint64_t> sum{0};
        std::atomic<std::uint64_t> count{0};
    };
    Shared<Sums> s;
    Children kids;
    for (int p = 0; p < kProducers; ++p)
        kids.fork([&, p] {
            s->gate.arrive_and_wait();
            for (std::size_t i = std::size_t(p); i < n; i += kProducers)
                q.put(i + 1);
        });
    for (int c = 0; c < kConsumers; ++c)
        kids.fork([&] {
            s->gate.arrive_and_wait();
            std::uint64_t sum = 0, got = 0;
            for (std::size_t i = 0; i < n / kConsumers; ++i) {
                sum += q.get(kNoHang);
                ++got;
            }
            s->sum.fetch_add(sum);
            s->count.fetch_add(got);
        });
    const auto t0 = s->gate.open(kProducers + kConsumers);
    if (!kids.join(why))
        return -1;
    const double elapsed = seconds_since(t0);
    const std::uint64_t expected = std::uint64_t(n) * (n + 1) / 2;
    if (s->count.load() != n || s->sum.load() != expected) {
        *why = "messages lost or duplicated";
        return -1;
    }
    return elapsed;
}
#endif

#ifdef PROCLAB_BENCH_HAVE_LOCK
void BM_proclab_lock_uncontended(benchmark::State& state)
{
    try {
        proclab::Lock lock;
        for (auto _ : state) {
            lock.acquire();
            lock.release();
        }
    } catch (const std::exception& e) {
        fail(state, std::string("exception: ") + e.what());
    }
}
#endif

// ---------------------------------------------------------------------------------------------
// Python peers

void BM_python(benchmark::State& state, const std::string& mode, std::size_t full_n)
{
    const std::size_t n = pbench::count(full_n, 100, 500);
    pbench::python_peer(state, PROCLAB_PYTHON_CHANNELS_PEER, {mode, std::to_string(n)}, "mean_ns",
                        [&state](double mean_ns) {
                            state.SetIterationTime(mean_ns * 1e-9);
                            state.counters["ops/s"] = 1e9 / mean_ns;
                        });
    state.counters["n"] = double(n);
}

// ---------------------------------------------------------------------------------------------
// Reporting

std::string format_ns(double ns)
{
    char buf[32];
    if (ns >= 100000)
        std::snprintf(buf, sizeof buf, "%.0f", ns);
    else if (ns >= 100)
        std::snprintf(buf, sizeof buf, "%.1f", ns);
    else
        std::snprintf(buf, sizeof buf, "%.2f", ns);
    return buf;
}

void print_ratios(const pbench::Reporter& reporter)
{
    using pbench::Ratio;
    const Ratio rows[] = {
        {"Queue 8 B vs Boost message_queue 8 B", "ProcLab/Queue/8B", "Boost/message_queue/8B", Ratio::Faster, 1.3},
        {"Queue 8 B vs Python Queue 8 B", "ProcLab/Queue/8B", "Python/Queue/8B", Ratio::Faster, 75},
        {"Queue 8 B vs SPSC shared-memory ring 8 B", "ProcLab/Queue/8B", "Raw/spsc_ring/8B", Ratio::Faster, 0.4},
        {"Queue 8 B vs Python SimpleQueue 8 B", "ProcLab/Queue/8B", "Python/SimpleQueue/8B", Ratio::InfoFaster, 0},
        {"Queue 4 KiB vs Boost message_queue 4 KiB", "ProcLab/Queue/4KiB", "Boost/message_queue/4KiB", Ratio::Faster,
         2},
        {"Queue 4 KiB vs Python Queue 4 KiB", "ProcLab/Queue/4KiB", "Python/Queue/4KiB", Ratio::Faster, 10},
        {"Queue 4 KiB vs SPSC ring 4 KiB", "ProcLab/Queue/4KiB", "Raw/spsc_ring/4KiB", Ratio::InfoFaster, 0},
        {"Queue 4 KiB vs memcpy 4 KiB (one process)", "ProcLab/Queue/4KiB", "Raw/memcpy/4KiB", Ratio::InfoFaster, 0},
        {"Queue ping-pong vs sem_t ping-pong (round trip)", "ProcLab/Queue/pingpong", "Raw/sem_pingpong", Ratio::AtMost,
         1.2},
        {"Queue 4x4 MPMC vs Queue 1->1 (8 B)", "ProcLab/Queue/mpmc_4x4", "ProcLab/Queue/8B", Ratio::InfoFaster, 0},
        {"Pipe 8 B (one-way) vs raw pipe 8 B", "ProcLab/Pipe/oneway/8B", "Raw/pipe/8B", Ratio::AtMost, 1.2},
        {"Pipe 64 KiB (one-way) vs raw pipe 64 KiB", "ProcLab/Pipe/oneway/64KiB", "Raw/pipe/64KiB", Ratio::AtMost, 1.2},
        {"Pipe 8 B (one-way, ignore_sigpipe) vs raw pipe", "ProcLab/Pipe/oneway/8B_sigpipe_ignored", "Raw/pipe/8B",
         Ratio::AtMost, 1.2},
        {"Pipe<uint64_t> send/recv vs raw pipe 8 B", "ProcLab/Pipe/oneway/u64", "Raw/pipe/8B", Ratio::Info, 0},
        {"Pipe 8 B (duplex) vs raw socketpair 8 B", "ProcLab/Pipe/duplex/8B", "Raw/socketpair/8B", Ratio::AtMost, 1.2},
        {"Pipe 64 KiB (duplex) vs raw socketpair 64 KiB", "ProcLab/Pipe/duplex/64KiB", "Raw/socketpair/64KiB",
         Ratio::AtMost, 1.2},
        {"Pipe 8 B (one-way) vs Python Pipe 8 B", "ProcLab/Pipe/oneway/8B", "Python/Pipe/8B", Ratio::InfoFaster, 0},
        {"Lock uncontended vs pthread mutex (pshared)", "ProcLab/Lock/uncontended", "Raw/pthread_mutex/uncontended",
         Ratio::AtMost, 1.5},
        {"Lock contended (2 procs) vs pthread mutex", "ProcLab/Lock/contended", "Raw/pthread_mutex/contended",
         Ratio::AtMost, 2},
        {"Lock uncontended vs Python Lock", "ProcLab/Lock/uncontended", "Python/Lock/uncontended", Ratio::InfoFaster,
         0},
    };
    pbench::print_ratios(reporter,
                         {.title = "Ratios (real time per operation; targets are informational)",
                          .label_width = 48,
                          .first_heading = "ProcLab ns",
                          .second_heading = "peer ns",
                          .figure = format_ns,
                          .direction_note = true},
                         rows);

    struct Figure {
        const char* name;
        enum Unit { MsgsPerSecond, GBPerSecond, Microseconds, Nanoseconds } unit;
        double bytes;
    };
    const Figure figures[] = {
        {"ProcLab/Queue/8B", Figure::MsgsPerSecond, 8},       {"ProcLab/Queue/4KiB", Figure::GBPerSecond, 4096},
        {"ProcLab/Queue/pingpong", Figure::Microseconds, 0},  {"ProcLab/Queue/mpmc_4x4", Figure::MsgsPerSecond, 8},
        {"ProcLab/Pipe/oneway/8B", Figure::MsgsPerSecond, 8}, {"ProcLab/Pipe/oneway/64KiB", Figure::GBPerSecond, 65536},
        {"ProcLab/Pipe/duplex/8B", Figure::MsgsPerSecond, 8}, {"ProcLab/Pipe/duplex/64KiB", Figure::GBPerSecond, 65536},
        {"ProcLab/Lock/uncontended", Figure::Nanoseconds, 0}, {"ProcLab/Lock/contended", Figure::Nanoseconds, 0},
    };
    std::printf("\nProcLab figures\n");
    for (const Figure& f : figures) {
        const std::optional<double> ns = reporter.ns(f.name);
        if (!ns || *ns <= 0) {
            std::printf("  %-28s n/a\n", f.name);
            continue;
        }
        switch (f.unit) {
        case Figure::MsgsPerSecond:
            std::printf("  %-28s %10.3f M msgs/s\n", f.name, 1e3 / *ns);
            break;
        case Figure::GBPerSecond:
            std::printf("  %-28s %10.3f GB/s (%.3f M msgs/s)\n", f.name, f.bytes / *ns, 1e3 / *ns);
            break;
        case Figure::Microseconds:
            std::printf("  %-28s %10.3f us per round trip\n", f.name, *ns / 1e3);
            break;
        case Figure::Nanoseconds:
            std::printf("  %-28s %10.1f ns per acquire+release\n", f.name, *ns);
            break;
        }
    }
    if (pbench::g_options.smoke)
        std::printf("(smoke mode: small counts, one repetition: the figures are not meaningful)\n");
    std::fflush(stdout);
}

void register_benchmarks()
{
    // A batch benchmark: one iteration = one batch of `n` operations, reported per operation.
    auto batch = [](const char* name, std::size_t full_n, std::size_t bytes,
                    std::function<double(std::size_t, std::string*)> body) {
        const std::size_t n = count(full_n);
        pbench::add_manual(
            name, [n, bytes, body](benchmark::State& s) { run_batch(s, n, bytes, body); }, benchmark::kNanosecond);
    };
    // An in-process loop: Google Benchmark chooses the iteration count.
    auto loop = [](const char* name, void (*fn)(benchmark::State&)) {
        auto* b = benchmark::RegisterBenchmark(name, fn);
        b->UseRealTime()->Unit(benchmark::kNanosecond);
        if (pbench::g_options.smoke)
            b->Iterations(1000);
        else
            pbench::repeat(b, 3);
    };
    auto python = [](const char* name, const char* mode, std::size_t full_n) {
        pbench::add_manual(
            name, [mode, full_n](benchmark::State& s) { BM_python(s, mode, full_n); }, benchmark::kNanosecond);
    };

    // Peers.
    batch("Raw/pipe/8B", 1'000'000, 8, [](std::size_t n, std::string* w) { return raw_stream(false, 8, n, w); });
    batch("Raw/pipe/64KiB", 20'000, 65536,
          [](std::size_t n, std::string* w) { return raw_stream(false, 65536, n, w); });
    batch("Raw/socketpair/8B", 1'000'000, 8, [](std::size_t n, std::string* w) { return raw_stream(true, 8, n, w); });
    batch("Raw/socketpair/64KiB", 20'000, 65536,
          [](std::size_t n, std::string* w) { return raw_stream(true, 65536, n, w); });
    batch("Raw/spsc_ring/8B", 20'000'000, 8, [](std::size_t n, std::string* w) { return spsc_ring(8, n, w); });
    batch("Raw/spsc_ring/4KiB", 500'000, 4096, [](std::size_t n, std::string* w) { return spsc_ring(4096, n, w); });
    loop("Raw/memcpy/4KiB", BM_memcpy_4k);
    batch("Raw/sem_pingpong", 200'000, 0, [](std::size_t n, std::string* w) { return sem_pingpong(n, w); });
    loop("Raw/pthread_mutex/uncontended", BM_pthread_mutex_uncontended);
    batch("Raw/pthread_mutex/contended", 5'000'000, 0, [](std::size_t n, std::string* w) {
        Shared<SharedMutex> m;
        pthread_mutex_t* mu = &m->mutex;
        return contended(
            m->gate, n, [mu] { pthread_mutex_lock(mu); }, [mu] { pthread_mutex_unlock(mu); }, w);
    });
    batch("Boost/message_queue/8B", 1'000'000, 8,
          [](std::size_t n, std::string* w) { return boost_mq(8, 16384, n, w); });
    batch("Boost/message_queue/4KiB", 200'000, 4096,
          [](std::size_t n, std::string* w) { return boost_mq(4096, 256, n, w); });

    // ProcLab.
#ifdef PROCLAB_BENCH_HAVE_QUEUE
    batch("ProcLab/Queue/8B", 5'000'000, 8, [](std::size_t n, std::string* w) { return proclab_queue_u64(n, w); });
    batch("ProcLab/Queue/4KiB", 500'000, 4096, [](std::size_t n, std::string* w) { return proclab_queue_4k(n, w); });
    batch("ProcLab/Queue/pingpong", 200'000, 0,
          [](std::size_t n, std::string* w) { return proclab_queue_pingpong(n, w); });
    batch("ProcLab/Queue/mpmc_4x4", 2'000'000, 8,
          [](std::size_t n, std::string* w) { return proclab_queue_mpmc(n, w); });
#endif
    batch("ProcLab/Pipe/oneway/8B", 1'000'000, 8,
          [](std::size_t n, std::string* w) { return proclab_pipe(false, 8, n, w); });
    batch("ProcLab/Pipe/oneway/8B_sigpipe_ignored", 1'000'000, 8,
          [](std::size_t n, std::string* w) { return proclab_pipe(false, 8, n, w, true); });
    batch("ProcLab/Pipe/oneway/u64", 1'000'000, 8,
          [](std::size_t n, std::string* w) { return proclab_pipe_u64(false, n, w); });
    batch("ProcLab/Pipe/oneway/64KiB", 20'000, 65536,
          [](std::size_t n, std::string* w) { return proclab_pipe(false, 65536, n, w); });
    batch("ProcLab/Pipe/duplex/8B", 1'000'000, 8,
          [](std::size_t n, std::string* w) { return proclab_pipe(true, 8, n, w); });
    batch("ProcLab/Pipe/duplex/64KiB", 20'000, 65536,
          [](std::size_t n, std::string* w) { return proclab_pipe(true, 65536, n, w); });
#ifdef PROCLAB_BENCH_HAVE_LOCK
    loop("ProcLab/Lock/uncontended", BM_proclab_lock_uncontended);
    batch("ProcLab/Lock/contended", 5'000'000, 0, [](std::size_t n, std::string* w) {
        proclab::Lock lock;
        Shared<Gate> gate;
        return contended(
            *gate, n, [&lock] { lock.acquire(); }, [&lock] { lock.release(); }, w);
    });
#endif

    // Python.
    python("Python/Queue/8B", "queue8", 100'000);
    python("Python/SimpleQueue/8B", "simplequeue8", 100'000);
    python("Python/Pipe/8B", "pipe8", 200'000);
    python("Python/Queue/4KiB", "queue4k", 50'000);
    python("Python/Lock/uncontended", "lock", 2'000'000);
}

} // namespace

int main(int argc, char** argv)
{
    // A process started by Spawn re-executes this binary: it runs its task here and never returns.
    proclab::freeze_support();

    if (const int rc = pbench::initialize(argc, argv, {.scale = true, .interleave = true}); rc != 0)
        return rc;

    register_benchmarks();
    pbench::run(false, print_ratios);
    return pbench::exit_status(pbench::no_children_left(), "children");
}
