// The MPI pool's engine, the calls the Pool makes (mpi_pool_engine.h): construction, the job table
// and the pool's end.
#include "mpi_pool_engine.h"

#include <proclab/detail/monitor.h>

#include <algorithm>
#include <atomic>
#include <climits>
#include <cstring>
#include <unistd.h>

#include "session/registry_layout.h"

namespace proclab::mpi::detail {

namespace {

namespace monitor = proclab::detail::monitor;
namespace registry = proclab::detail::registry;

std::atomic<std::uint64_t> g_pool_serial{0};

// Registers the freeze_support() hook with the core: a program linking proclab::mpi that calls
// freeze_support() serves as a worker when it is a worker rank.
const bool g_hook = [] {
    proclab::detail::add_freeze_support_hook(&serve_if_worker);
    return true;
}();

} // namespace

MpiPoolEngine::MpiPoolEngine(const PoolOptions& options)
    : m_options(options)
    , m_serial(++g_pool_serial)
{
    ensure_init();
    Runtime& rt = runtime();
    if (rt.world_rank != 0)
        throw ProcessError("MPI pool: created on rank " + std::to_string(rt.world_rank) +
                           ": call proclab::freeze_support() first in main(), so that the ranks other than 0 "
                           "serve the pool instead of running main()");
    if (rt.world_size > 1) {
        const int available = rt.world_size - 1;
        m_nproc = options.processes.value_or(available);
        if (m_nproc > available)
            throw ValueError("MPI pool: " + std::to_string(m_nproc) + " processes wanted, but mpirun started " +
                             std::to_string(rt.world_size) + " ranks (" + std::to_string(available) +
                             " workers besides rank 0)");
        std::lock_guard lock(rt.mutex);
        if (rt.world_in_use)
            throw ValueError("MPI pool: another MPI pool still uses the ranks of this mpirun job (join or "
                             "terminate it first)");
        rt.world_in_use = true;
        m_comm = MPI_COMM_WORLD;
    } else {
        m_nproc = options.processes.value_or(int(cpu_count()));
        m_spawned = true;
    }
    if (options.initializer) {
        const auto* t = proclab::detail::find_task(options.initializer.function());
        m_init_task = t ? t->name : "";
    }
    m_registry_name = "mpi-pool-" + std::to_string(::getpid()) + "-" + std::to_string(m_serial);
    m_pool_id = monitor::register_object(ObjectKind::Pool, m_registry_name,
                                         options.name == "PoolWorker" ? std::string("Pool (MPI)") : options.name);
    monitor::set_counter(m_pool_id, registry::kWorkers, m_nproc);
    std::promise<void> started;
    auto ready = started.get_future();
    m_thread = std::thread([this, &started] { supervise(started); });
    try {
        ready.get();
    } catch (...) {
        m_thread.join();
        release();
        throw;
    }
}

MpiPoolEngine::~MpiPoolEngine()
{
    try {
        MpiPoolEngine::terminate();
    } catch (...) {
    }
    release();
}

std::uint64_t MpiPoolEngine::register_jobs(const std::shared_ptr<PoolSink>& sink, std::size_t ntasks,
                                           std::size_t chunksize, const char* op)
{
    std::lock_guard lock(m_mutex);
    if (m_state != State::Run)
        throw ValueError(std::string("Pool.") + op + ": Pool not running (after close() or terminate())");
    const std::uint64_t id = make_id(m_next);
    if (ntasks == 0)
        return id;
    chunksize = std::max<std::size_t>(chunksize, 1);
    if (ntasks > 0xffffffffU)
        throw ValueError(std::string("Pool.") + op + ": too many tasks in one call");
    const bool indexed = std::strcmp(op, "apply_async") != 0;
    for (std::size_t first = 0; first < ntasks; first += chunksize) {
        Job j;
        j.sink = sink;
        j.first = std::uint32_t(first);
        j.count = std::uint32_t(std::min(chunksize, ntasks - first));
        j.indexed = indexed;
        m_table.push_back(std::move(j));
        ++m_next;
        ++m_pending;
    }
    return id;
}

void MpiPoolEngine::send(std::string& buf)
{
    if (buf.size() > std::size_t(INT_MAX))
        throw ValueError("MPI pool: a job message of " + std::to_string(buf.size()) +
                         " bytes (MPI messages are limited to 2 GiB: use a smaller chunksize)");
    const auto id = load_at<std::uint64_t>(buf, 0);
    {
        std::lock_guard lock(m_mutex);
        Job* j = find_locked(id);
        if (!j)
            return;                // terminated meanwhile
        j->bytes = std::move(buf); // sent from here, without a copy
        m_outbox.push_back(id);
    }
    buf.clear();
    monitor::add_counter(m_pool_id, registry::kQueued, 1);
    m_cv.notify_one();
}

void MpiPoolEngine::close()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_state == State::Run)
            m_state = State::Close;
    }
    m_cv.notify_one();
}

void MpiPoolEngine::terminate()
{
    {
        std::lock_guard lock(m_mutex);
        m_state = State::Terminate;
    }
    m_cv.notify_one();
    if (std::this_thread::get_id() == m_thread.get_id())
        return; // from a callback: the supervisor stops after it returns
    std::lock_guard lock(m_join_mutex);
    if (m_thread.joinable())
        m_thread.join();
}

void MpiPoolEngine::join()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_state == State::Run)
            throw ValueError("Pool.join: Pool is still running (call close() or terminate() first)");
    }
    if (std::this_thread::get_id() == m_thread.get_id())
        throw ValueError("Pool.join: called from a callback, on the supervisor thread it would wait for");
    std::lock_guard lock(m_join_mutex);
    if (m_thread.joinable())
        m_thread.join();
}

std::vector<pid_t> MpiPoolEngine::worker_pids() const
{
    std::lock_guard lock(m_mutex);
    return m_pids;
}

void MpiPoolEngine::release()
{
    if (m_released)
        return;
    m_released = true;
    {
        std::lock_guard lock(runtime().mutex);
        if (!m_spawned)
            runtime().world_in_use = false;
        if (m_shared_set) {
            runtime().spawned_in_use = false;
            if (std::ranges::any_of(m_workers, [](const Worker& w) { return !w.alive; }))
                runtime().spawned_broken = true; // Open MPI ended the rest of that job
        }
    }
    for (Worker& w : m_workers)
        if (w.pidfd >= 0)
            ::close(w.pidfd);
    monitor::unregister_object(m_pool_id);
}

} // namespace proclab::mpi::detail

namespace proclab::mpi {

std::unique_ptr<proclab::detail::PoolEngine> backend(const PoolOptions& options)
{
    (void)detail::g_hook;
    (void)detail::relay_forced(); // ValueError for a value other than 0 or 1
    return std::make_unique<detail::MpiPoolEngine>(options);
}

} // namespace proclab::mpi
