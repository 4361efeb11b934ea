// Pool: workers, the supervisor thread and the job table (see proclab/pool.h).
//
// Jobs travel through a shared job queue (one message per job: a chunk of tasks), results through
// a shared result queue. Each worker has a slot in a small shared segment where it records the id
// of the job in its hands; it writes the slot inside the queue's get (before the message is
// consumed), so a worker killed at any point leaves either the message in the queue or its id in
// the slot. The supervisor thread drains results, watches the workers' pidfds, fails (or re-queues)
// the job of a dead worker with WorkerLost and starts a replacement.
#include <proclab/detail/byte_queue.h>
#include <proclab/detail/monitor.h>
#include <proclab/detail/segment.h>
#include <proclab/pool.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <future>
#include <poll.h>
#include <thread>
#include <unistd.h>

#include "process/runtime.h"
#include "session/registry_layout.h"

namespace proclab::detail {

namespace {

struct alignas(64) WorkerSlot {
    std::atomic<std::uint64_t> job; // the job in the worker's hands; 0: none
    std::atomic<std::int32_t> pid;
};

// Job message: u64 id, u32 first task index, u32 task count (0: exit), u16 name length, name,
// then count records {u32 size; argument bytes}.
constexpr std::size_t kJobHeader = 8 + 4 + 4 + 2;
// Result message: u64 id, i32 pid, u32 status, then
//   status 0: count records {u32 size; result bytes};
//   status 1: u32 task index, record type name, record message.
// A message shorter than the header wakes the supervisor.
constexpr std::size_t kResultHeader = 8 + 4 + 4;

template <class T>
T load_at(std::string_view s, std::size_t at)
{
    T v;
    std::memcpy(&v, s.data() + at, sizeof v);
    return v;
}
template <class T>
void append_pod(std::string& out, T v)
{
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
}
void append_record(std::string& out, std::string_view bytes)
{
    append_pod(out, std::uint32_t(bytes.size()));
    out.append(bytes);
}

void string_sink(const char* data, std::size_t size, void* ctx)
{
    static_cast<std::string*>(ctx)->assign(data, size);
}

} // namespace

void run_chunk(const TaskEntry* task, const std::string& task_name, std::string_view args, std::uint32_t first,
               std::uint32_t count, std::string& out, std::size_t header, std::size_t status_at)
{
    std::uint32_t i = 0;
    auto fail = [&](const std::string& type, const std::string& message) {
        out.resize(header);
        const std::uint32_t status = 1;
        std::memcpy(out.data() + status_at, &status, sizeof status);
        append_pod(out, std::uint32_t(first + i));
        append_record(out, type);
        append_record(out, message);
    };
    try {
        if (!task)
            throw ProcessError("task '" + task_name +
                               "' is not registered in the worker (PROCLAB_TASK), or registered twice");
        RecordReader reader(args);
        for (; i < count; ++i) {
            const std::string_view one = reader.next();
            const std::size_t at = out.size();
            out.append(sizeof(std::uint32_t), '\0');
            if (task->invoke_into)
                task->invoke_into(one, out);
            else
                out += task->invoke(one);
            const auto n = std::uint32_t(out.size() - at - sizeof(std::uint32_t));
            std::memcpy(out.data() + at, &n, sizeof n);
        }
    } catch (const std::exception& e) {
        fail(exception_type_name(e), e.what());
    } catch (...) {
        fail("unknown", "an exception not derived from std::exception");
    }
}

struct PoolWorkerConfig {
    std::string jobs;
    std::string results;
    std::string slots;
    std::int32_t slot = 0;
    std::string init_task;
    std::string init_args;
    long long maxtasks = 0;

    template <class Archive>
    void serialize(Archive& ar)
    {
        ar(jobs, results, slots, slot, init_task, init_args, maxtasks);
    }
};

/// The life of a worker process.
void proclab_pool_worker(const PoolWorkerConfig& c)
{
    auto jobs = ByteQueue::open(c.jobs, "Queue");
    auto results = ByteQueue::open(c.results, "Queue");
    auto segment = Segment::open(c.slots, "pool");
    WorkerSlot* slot = static_cast<WorkerSlot*>(segment->data()) + c.slot;
    const pid_t me = ::getpid();
    slot->pid.store(me, std::memory_order_relaxed);
    monitor::became({}, ProcessKind::PoolWorker, runtime().daemon);
    const ObjectId pool_id = monitor::id_of(segment.get());

    if (!c.init_task.empty()) {
        const TaskEntry* init = find_task(c.init_task);
        if (!init)
            throw ProcessError("Pool initializer '" + c.init_task + "' is not registered in the worker");
        init->invoke(c.init_args);
    }

    struct Ctx {
        std::string msg;
        WorkerSlot* slot;
    } ctx{{}, slot};
    // Runs under the queue's lock, before the message is consumed: the slot names the job first.
    auto sink = [](const char* data, std::size_t size, void* p) {
        auto* x = static_cast<Ctx*>(p);
        x->msg.assign(data, size);
        std::uint64_t id = 0;
        if (size >= sizeof id)
            std::memcpy(&id, data, sizeof id);
        x->slot->job.store(id, std::memory_order_release);
    };

    std::string out;
    const TaskEntry* task = nullptr;
    std::string task_name;
    long long done = 0;
    for (;;) {
        jobs->get(sink, &ctx, true, std::nullopt);
        const std::string_view msg = ctx.msg;
        if (msg.size() < kJobHeader)
            throw ValueError("Pool worker: malformed job message");
        const auto id = load_at<std::uint64_t>(msg, 0);
        const auto first = load_at<std::uint32_t>(msg, 8);
        const auto count = load_at<std::uint32_t>(msg, 12);
        const auto name_len = load_at<std::uint16_t>(msg, 16);
        if (count == 0) { // sentinel: exit
            slot->job.store(0, std::memory_order_release);
            return;
        }
        const std::string_view name = msg.substr(kJobHeader, name_len);
        if (name != task_name) {
            task_name = name;
            task = find_task(task_name);
        }
        if (pool_id != kNoObject) {
            monitor::add_counter(pool_id, registry::kQueued, -1);
            monitor::add_counter(pool_id, registry::kRunning, 1);
            monitor::task_begin(pool_id, id, name);
        }
        out.clear();
        out.reserve(msg.size() + kResultHeader);
        append_pod(out, id);
        append_pod(out, std::int32_t(me));
        append_pod(out, std::uint32_t(0));
        run_chunk(task, task_name, msg.substr(kJobHeader + name_len), first, count, out, kResultHeader, 12);
        results->put(out.data(), out.size(), true, std::nullopt);
        slot->job.store(0, std::memory_order_release);
        if (pool_id != kNoObject) {
            const bool failed = load_at<std::uint32_t>(out, 12) != 0;
            monitor::add_counter(pool_id, registry::kRunning, -1);
            monitor::add_counter(pool_id, failed ? registry::kFailed : registry::kDone, 1);
            monitor::task_end(pool_id, id, failed ? 1 : 0);
        }
        if (c.maxtasks > 0 && ++done >= c.maxtasks)
            return;
    }
}
PROCLAB_TASK(proclab_pool_worker);

void report_callback_exception(const char* which, std::exception_ptr e) noexcept
{
    std::string text = std::string("proclab::Pool: an exception escaped the ") + which + " (ignored): ";
    try {
        std::rethrow_exception(std::move(e));
    } catch (const std::exception& err) {
        text += exception_type_name(err) + ": " + err.what();
    } catch (...) {
        text += "unknown exception";
    }
    text += "\n";
    [[maybe_unused]] auto r = ::write(2, text.data(), text.size());
}

// ---------------------------------------------------------------------------------------------

void deliver_job_result(PoolSink& sink, std::uint32_t first, std::uint32_t count, bool indexed, bool ok,
                        std::string_view body, pid_t pid, int rank, const std::string& host) noexcept
{
    try {
        if (ok) {
            sink.deliver(first, count, body);
        } else {
            const auto index = load_at<std::uint32_t>(body, 0);
            RecordReader reader(body.substr(4));
            std::string type(reader.next());
            std::string message(reader.next());
            sink.fail(first, count,
                      std::make_exception_ptr(RemoteError(std::move(type), std::move(message), pid,
                                                          indexed ? static_cast<long long>(index) : -1, rank, host)));
        }
    } catch (...) {
        report_callback_exception("result delivery", std::current_exception());
    }
}

struct PoolCore::Impl {
    enum class State { Run, Close, Terminate };
    using Job = PoolJob;
    struct Worker {
        std::optional<Process> process;
        pid_t pid = 0;
    };

    PoolOptions options;
    int nproc = 0;
    StartMethod method = StartMethod::Fork;
    std::string init_task;
    std::shared_ptr<ByteQueue> jobs;
    std::shared_ptr<ByteQueue> results;
    std::shared_ptr<Segment> slots;

    mutable std::mutex mutex; // everything below up to `thread`
    State state = State::Run;
    std::deque<Job> table; // jobs base .. base + size - 1
    std::uint64_t base = 1;
    std::uint64_t next_id = 1;
    std::size_t pending = 0;
    std::deque<std::string> overflow; // job messages waiting for room in `jobs`
    std::atomic<bool> has_overflow{false};
    std::vector<pid_t> pids;

    std::mutex join_mutex;
    std::thread thread;

    // Supervisor thread only.
    std::vector<Worker> workers;
    int worker_counter = 0;
    std::string msg;

    WorkerSlot& slot(int i) const { return static_cast<WorkerSlot*>(slots->data())[i]; }

    Job* find_locked(std::uint64_t id)
    {
        if (id < base || id >= base + table.size())
            return nullptr;
        Job& j = table[id - base];
        return j.done ? nullptr : &j;
    }
    void finish_locked(Job& j)
    {
        j.done = true;
        j.bytes.clear();
        --pending;
        while (!table.empty() && table.front().done) {
            table.pop_front();
            ++base;
        }
    }

    void wake() noexcept
    {
        try {
            const std::uint64_t zero = 0;
            results->put(&zero, sizeof zero, false, std::nullopt);
        } catch (...) {
        }
    }

    void start_worker(int i)
    {
        PoolWorkerConfig c{jobs->name(),
                           results->name(),
                           slots->name(),
                           i,
                           init_task,
                           options.initializer.arguments(),
                           options.maxtasksperchild};
        detail::Target target = detail::make_target(proclab_pool_worker, c);
        target.is_pool_worker = true; // shown as a worker before it runs (its became() may be late)
        Process p = detail::make_process(std::move(target));
        p.set_name(options.name + "-" + std::to_string(++worker_counter));
        p.set_daemon(true);
        p.set_start_method(method);
        slot(i).job.store(0);
        p.start();
        workers[size_t(i)].pid = p.pid();
        workers[size_t(i)].process.emplace(std::move(p));
        std::lock_guard lock(mutex);
        pids[size_t(i)] = workers[size_t(i)].pid;
    }

    void handle_result(std::string_view m)
    {
        if (m.size() < kResultHeader)
            return; // a wake-up
        const auto id = load_at<std::uint64_t>(m, 0);
        const auto pid = load_at<std::int32_t>(m, 8);
        const auto status = load_at<std::uint32_t>(m, 12);
        std::shared_ptr<PoolSink> sink;
        std::uint32_t first = 0;
        std::uint32_t count = 0;
        bool indexed = true;
        {
            std::lock_guard lock(mutex);
            Job* j = find_locked(id);
            if (!j)
                return; // already failed (a dead worker's duplicate) or terminated
            sink = std::move(j->sink);
            first = j->first;
            count = j->count;
            indexed = j->indexed;
            finish_locked(*j);
        }
        deliver_job_result(*sink, first, count, indexed, status == 0, m.substr(kResultHeader), pid);
    }

    /// Handles every result already queued.
    void drain_results()
    {
        while (results->get(&string_sink, &msg, false, std::nullopt))
            handle_result(msg);
    }

    void feed_overflow()
    {
        if (!has_overflow.load(std::memory_order_acquire))
            return;
        std::lock_guard lock(mutex);
        while (!overflow.empty() && jobs->put(overflow.front().data(), overflow.front().size(), false, std::nullopt))
            overflow.pop_front();
        has_overflow.store(!overflow.empty(), std::memory_order_release);
    }

    void queue_job_locked(std::string bytes)
    {
        overflow.push_back(std::move(bytes));
        has_overflow.store(true, std::memory_order_release);
    }

    /// A worker ended: fail (or re-queue) the job in its hands; start a replacement if needed.
    void worker_ended(int i, bool replace)
    {
        Worker& w = workers[size_t(i)];
        w.process->join();
        const int code = w.process->exitcode().value_or(-1);
        const pid_t pid = w.pid;
        w.process.reset();
        {
            std::lock_guard lock(mutex);
            pids[size_t(i)] = 0;
        }
        drain_results(); // its last result may be queued: it is not lost
        const std::uint64_t id = slot(i).job.exchange(0);
        if (id != 0) {
            std::shared_ptr<PoolSink> sink;
            std::uint32_t first = 0;
            std::uint32_t count = 0;
            {
                std::lock_guard lock(mutex);
                if (Job* j = find_locked(id)) {
                    monitor::add_counter(monitor::id_of(slots.get()), registry::kRunning, -1);
                    if (j->attempts < options.retries && !j->bytes.empty()) {
                        ++j->attempts;
                        monitor::add_counter(monitor::id_of(slots.get()), registry::kQueued, 1);
                        queue_job_locked(j->bytes);
                    } else {
                        sink = std::move(j->sink);
                        first = j->first;
                        count = j->count;
                        finish_locked(*j);
                    }
                }
            }
            if (sink) {
                monitor::add_counter(monitor::id_of(slots.get()), registry::kLost, 1);
                monitor::record(EventKind::TaskEnd, monitor::id_of(slots.get()), static_cast<std::int64_t>(id), 2);
                sink->fail(first, count, std::make_exception_ptr(WorkerLost(pid, code)));
            }
        }
        if (replace)
            try_start(i);
    }

    void try_start(int i)
    {
        try {
            start_worker(i);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "proclab::Pool: cannot start a worker (retrying): %s\n", e.what());
        }
    }

    /// Non-blocking look at the workers (or blocking up to `timeout_ms`).
    void check_workers(bool replace, int timeout_ms)
    {
        std::vector<pollfd> fds;
        std::vector<int> index;
        for (int i = 0; i < nproc; ++i) {
            if (workers[size_t(i)].process) {
                fds.push_back({workers[size_t(i)].process->sentinel(), POLLIN, 0});
                index.push_back(i);
            } else if (replace) {
                try_start(i); // a start that failed earlier
            }
        }
        if (fds.empty())
            return;
        const int n = ::poll(fds.data(), fds.size(), timeout_ms);
        if (n <= 0)
            return;
        for (size_t k = 0; k < fds.size(); ++k)
            if (fds[k].revents)
                worker_ended(index[k], replace);
    }

    bool any_worker() const
    {
        return std::ranges::any_of(workers, [](const Worker& w) { return bool(w.process); });
    }

    void stop_workers()
    {
        for (Worker& w : workers)
            if (w.process)
                w.process->terminate();
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(100);
        for (Worker& w : workers) {
            if (!w.process)
                continue;
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (!w.process->join(std::max(left, std::chrono::milliseconds(0)))) {
                w.process->kill();
                w.process->join();
            }
            w.process.reset();
        }
        std::lock_guard lock(mutex);
        std::fill(pids.begin(), pids.end(), 0);
    }

    void fail_all_pending()
    {
        std::vector<Job> failed;
        {
            std::lock_guard lock(mutex);
            for (Job& j : table)
                if (!j.done)
                    failed.push_back(std::move(j));
            table.clear();
            base = next_id;
            pending = 0;
            overflow.clear();
            has_overflow.store(false);
        }
        const auto error = std::make_exception_ptr(Error("Pool: terminated before the task finished"));
        for (Job& j : failed)
            if (j.sink)
                j.sink->fail(j.first, j.count, error);
    }

    void send_sentinels()
    {
        std::string buf;
        PoolCore::begin_job(buf, 0, 0, 0, TaskEntry{"", nullptr, nullptr});
        std::lock_guard lock(mutex);
        for (const Worker& w : workers)
            if (w.process)
                queue_job_locked(buf);
    }

    void supervise(std::promise<void>& started)
    {
        try {
            for (int i = 0; i < nproc; ++i)
                start_worker(i);
        } catch (...) {
            started.set_exception(std::current_exception());
            stop_workers();
            return;
        }
        started.set_value();

        using clock = std::chrono::steady_clock;
        auto last_check = clock::now();
        bool sentinels = false;
        for (;;) {
            State st;
            std::size_t pend;
            {
                std::lock_guard lock(mutex);
                st = state;
                pend = pending;
            }
            if (st == State::Terminate)
                break;
            if (st == State::Close && pend == 0) {
                if (!sentinels) {
                    send_sentinels();
                    sentinels = true;
                }
                feed_overflow();
                if (!any_worker())
                    break;
                check_workers(false, has_overflow ? 1 : 50);
                continue;
            }
            const auto tick = std::chrono::milliseconds(has_overflow ? 1 : 50);
            bool got = false;
            try {
                got = results->get(&string_sink, &msg, true, tick);
                if (got) {
                    handle_result(msg);
                    for (int k = 0; k < 4096 && results->get(&string_sink, &msg, false, std::nullopt); ++k)
                        handle_result(msg);
                }
            } catch (const std::exception& e) {
                std::fprintf(stderr, "proclab::Pool: result queue: %s\n", e.what());
            }
            feed_overflow();
            const auto now = clock::now();
            if (!got || now - last_check >= std::chrono::milliseconds(50)) {
                check_workers(true, 0);
                last_check = now;
            }
        }
        stop_workers();
        fail_all_pending();
    }
};

PoolCore::PoolCore(const PoolOptions& options)
{
    if (options.processes && *options.processes <= 0)
        throw ValueError("Pool: the number of processes must be at least 1 (got " + std::to_string(*options.processes) +
                         ")");
    if (options.maxtasksperchild < 0)
        throw ValueError("Pool: maxtasksperchild must be 0 (no limit) or positive (got " +
                         std::to_string(options.maxtasksperchild) + ")");
    if (options.retries < 0)
        throw ValueError("Pool: retries must be 0 or positive (got " + std::to_string(options.retries) + ")");
    if (options.initializer)
        task_for(options.initializer.function(), "Pool initializer");
    if (options.backend) {
        m_engine = options.backend(options);
        return;
    }
    m_impl = std::make_unique<Impl>();
    Impl& d = *m_impl;
    d.options = options;
    d.nproc = options.processes ? *options.processes : int(cpu_count());
    d.method = options.start_method ? *options.start_method : get_start_method();
    if (options.initializer)
        d.init_task = task_for(options.initializer.function(), "Pool initializer").name;
    d.jobs = ByteQueue::create(0, std::size_t(8) << 20, "Queue");
    d.results = ByteQueue::create(0, std::size_t(4) << 20, "Queue");
    d.slots = Segment::create("pool", sizeof(WorkerSlot) * std::size_t(d.nproc));
    monitor::set_label(*d.slots, options.name == "PoolWorker" ? std::string("Pool") : options.name);
    monitor::set_label(d.jobs->name(), "Pool tasks");
    monitor::set_label(d.results->name(), "Pool results");
    monitor::set_counter(monitor::id_of(d.slots.get()), registry::kWorkers, d.nproc);
    // Touch every page of both rings once (a put/get cycle around each ring), so that the first
    // large map does not pay a page fault for every fresh page of shared memory.
    for (const auto& q : {d.jobs, d.results}) {
        const std::string filler(q->inline_max() / 2, '\0');
        std::string sink;
        for (std::size_t done = 0; done < q->capacity(); done += filler.size()) {
            q->put(filler.data(), filler.size(), false, std::nullopt);
            q->get(&string_sink, &sink, false, std::nullopt);
        }
    }
    d.workers.resize(size_t(d.nproc));
    d.pids.resize(size_t(d.nproc));
    std::promise<void> started;
    auto ready = started.get_future();
    d.thread = std::thread([&d, &started] { d.supervise(started); });
    try {
        ready.get();
    } catch (...) {
        d.thread.join();
        throw;
    }
}

PoolCore::~PoolCore()
{
    try {
        if (m_engine)
            m_engine.reset(); // its destructor terminates
        else
            terminate();
    } catch (...) {
    }
}

const TaskEntry& PoolCore::task_for(const void* function, const char* op) const
{
    const TaskEntry* t = function ? find_task(function) : nullptr;
    if (!t)
        throw ProcessError(std::string("Pool.") + op +
                           ": the function is not registered with PROCLAB_TASK (add PROCLAB_TASK(f) at namespace "
                           "scope), or two registered tasks share its name");
    return *t;
}

std::uint64_t PoolCore::register_jobs(const std::shared_ptr<PoolSink>& sink, std::size_t ntasks, std::size_t chunksize,
                                      const char* op)
{
    if (m_engine)
        return m_engine->register_jobs(sink, ntasks, chunksize, op);
    Impl& d = *m_impl;
    std::lock_guard lock(d.mutex);
    if (d.state != Impl::State::Run)
        throw ValueError(std::string("Pool.") + op + ": Pool not running (after close() or terminate())");
    const std::uint64_t id = d.next_id;
    if (ntasks == 0)
        return id;
    if (chunksize == 0)
        chunksize = 1;
    if (ntasks > 0xffffffffu)
        throw ValueError(std::string("Pool.") + op + ": too many tasks in one call");
    const bool indexed = std::strcmp(op, "apply_async") != 0;
    for (std::size_t first = 0; first < ntasks; first += chunksize) {
        Impl::Job j;
        j.sink = sink;
        j.first = std::uint32_t(first);
        j.count = std::uint32_t(std::min(chunksize, ntasks - first));
        j.indexed = indexed;
        d.table.push_back(std::move(j));
        ++d.next_id;
        ++d.pending;
    }
    return id;
}

void PoolCore::begin_job(std::string& buf, std::uint64_t id, std::size_t first, std::size_t count,
                         const TaskEntry& task)
{
    buf.clear();
    append_pod(buf, id);
    append_pod(buf, std::uint32_t(first));
    append_pod(buf, std::uint32_t(count));
    const std::size_t n = std::strlen(task.name);
    append_pod(buf, std::uint16_t(n));
    buf.append(task.name, n);
}

void PoolCore::send(std::string& buf)
{
    if (m_engine)
        return m_engine->send(buf);
    Impl& d = *m_impl;
    if (d.options.retries > 0) {
        std::lock_guard lock(d.mutex);
        if (Impl::Job* j = d.find_locked(load_at<std::uint64_t>(buf, 0)))
            j->bytes = buf;
    }
    monitor::add_counter(monitor::id_of(d.slots.get()), registry::kQueued, 1);
    if (!d.has_overflow.load(std::memory_order_acquire) && d.jobs->put(buf.data(), buf.size(), false, std::nullopt))
        return;
    {
        std::lock_guard lock(d.mutex);
        d.queue_job_locked(buf);
    }
    d.wake();
}

void PoolCore::close()
{
    if (m_engine)
        return m_engine->close();
    Impl& d = *m_impl;
    {
        std::lock_guard lock(d.mutex);
        if (d.state == Impl::State::Run)
            d.state = Impl::State::Close;
    }
    d.wake();
}

void PoolCore::terminate()
{
    if (m_engine)
        return m_engine->terminate();
    Impl& d = *m_impl;
    {
        std::lock_guard lock(d.mutex);
        d.state = Impl::State::Terminate;
    }
    d.wake();
    if (std::this_thread::get_id() == d.thread.get_id())
        return; // from a callback: the supervisor stops after it returns
    std::lock_guard lock(d.join_mutex);
    if (d.thread.joinable())
        d.thread.join();
}

void PoolCore::join()
{
    if (m_engine)
        return m_engine->join();
    Impl& d = *m_impl;
    {
        std::lock_guard lock(d.mutex);
        if (d.state == Impl::State::Run)
            throw ValueError("Pool.join: Pool is still running (call close() or terminate() first)");
    }
    if (std::this_thread::get_id() == d.thread.get_id())
        throw ValueError("Pool.join: called from a callback, on the supervisor thread it would wait for");
    std::lock_guard lock(d.join_mutex);
    if (d.thread.joinable())
        d.thread.join();
}

std::vector<pid_t> PoolCore::worker_pids() const
{
    if (m_engine)
        return m_engine->worker_pids();
    Impl& d = *m_impl;
    std::lock_guard lock(d.mutex);
    std::vector<pid_t> out;
    for (pid_t p : d.pids)
        if (p > 0)
            out.push_back(p);
    return out;
}

int PoolCore::processes() const noexcept
{
    return m_engine ? m_engine->processes() : m_impl->nproc;
}

} // namespace proclab::detail
