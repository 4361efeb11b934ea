// The MPI pool's supervisor thread (mpi_pool_engine.h): it starts the workers, hands them the
// jobs, receives their results, shows the ranks of other hosts in the session and watches for
// ranks lost.
#include "mpi_pool_engine.h"

#include <proclab/clock.h>
#include <proclab/detail/monitor.h>

#include <algorithm>
#include <climits>
#include <csignal>
#include <cstdio>
#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "session/registry_layout.h"

namespace proclab::mpi::detail {

namespace {

using proclab::detail::RecordReader;
namespace monitor = proclab::detail::monitor;
namespace registry = proclab::detail::registry;

constexpr auto kHelloTimeout = std::chrono::seconds(60);

/// The buffers of sends that never completed (to a lost rank): MPI may still read them.
void keep_forever(std::string&& bytes)
{
    static auto* graveyard = new std::deque<std::string>;
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    graveyard->push_back(std::move(bytes));
}

} // namespace

std::vector<Peer> MpiPoolEngine::read_hellos(MPI_Comm comm, int first_rank, int count)
{
    std::vector<Peer> peers;
    std::string msg;
    const auto deadline = std::chrono::steady_clock::now() + kHelloTimeout;
    for (int k = 0; k < count; ++k) {
        const int r = first_rank + k;
        for (;;) {
            int flag = 0;
            MPI_Message m = MPI_MESSAGE_NULL;
            MPI_Status status;
            check(MPI_Improbe(r, kHello, comm, &flag, &m, &status), "MPI_Improbe of a hello");
            if (flag) {
                receive(m, status, msg);
                break;
            }
            if (std::chrono::steady_clock::now() > deadline)
                throw ProcessError("MPI pool: worker rank " + std::to_string(r) + " did not start within " +
                                   std::to_string(kHelloTimeout.count()) + " s");
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        constexpr std::size_t kHelloHeader = 4 + 1 + 8;
        if (msg.size() < kHelloHeader)
            throw ProcessError("MPI pool: malformed hello from rank " + std::to_string(r));
        Peer p;
        p.rank = r;
        p.pid = load_at<std::int32_t>(msg, 0);
        const auto flags = load_at<std::uint8_t>(msg, 4);
        p.relay_forced = (flags & kHelloRelayForced) != 0;
        p.beats = (flags & kHelloBeats) != 0;
        p.start_ns = load_at<std::int64_t>(msg, 5);
        p.host = msg.substr(kHelloHeader);
        peers.push_back(std::move(p));
    }
    return peers;
}

void MpiPoolEngine::spawn()
{
    char exe[4096] = {};
    const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        throw ProcessError("MPI pool: cannot find this program's path (/proc/self/exe)");
    MPI_Info info = MPI_INFO_NULL;
    MPI_Info_create(&info);
    // A pool may have more workers than this machine has cores, as the local pool may.
    MPI_Info_set(info, "map_by", "slot:OVERSUBSCRIBE");
    std::vector<int> errors(std::size_t(m_nproc), MPI_SUCCESS);
    const int rc = MPI_Comm_spawn(exe, MPI_ARGV_NULL, m_nproc, info, 0, MPI_COMM_SELF, &m_comm, errors.data());
    MPI_Info_free(&info);
    check(rc, "MPI_Comm_spawn of the pool's workers");
    MPI_Comm_set_errhandler(m_comm, MPI_ERRORS_RETURN);
}

void MpiPoolEngine::start()
{
    Runtime& rt = runtime();
    const std::string here = host_name();
    std::vector<Peer> peers;
    if (m_spawned) {
        // The workers of the last spawn serve the next pool too: spawning and disconnecting
        // again and again in one process was seen to lose messages with Open MPI 4.1.4.
        std::lock_guard lock(rt.mutex);
        if (!rt.spawned_in_use && !rt.spawned_broken && rt.spawned_comm != MPI_COMM_NULL &&
            rt.spawned_workers.size() >= std::size_t(m_nproc)) {
            m_comm = rt.spawned_comm;
        } else if (!rt.spawned_in_use) {
            retire_spawned_locked(rt);
            spawn();
            rt.spawned_comm = m_comm;
            rt.spawned_workers = read_hellos(m_comm, 0, m_nproc);
        } else { // another spawned pool is open: a set of its own, ended with this pool
            spawn();
            m_own_set = true;
        }
        if (m_own_set) {
            peers = read_hellos(m_comm, 0, m_nproc);
        } else {
            rt.spawned_in_use = true;
            m_shared_set = true;
            peers.assign(rt.spawned_workers.begin(), rt.spawned_workers.begin() + m_nproc);
        }
    } else {
        {
            std::lock_guard lock(rt.mutex);
            if (!rt.hellos_read) {
                rt.world_workers = read_hellos(MPI_COMM_WORLD, 1, rt.world_size - 1);
                rt.hellos_read = true;
            }
            peers.assign(rt.world_workers.begin(), rt.world_workers.begin() + m_nproc);
        }
    }
    const std::string session = monitor::session_name();
    std::string start_msg;
    append_record(start_msg, m_registry_name);
    append_record(start_msg, m_init_task);
    append_record(start_msg, m_options.initializer.arguments());
    append_record(start_msg, session); // ranks on this host join the window's session
    append_record(start_msg, here);
    for (const Peer& p : peers) {
        // The others are relayed: they answer with their clock, then their record is written
        // here (handle_relay_sync). The same rule as the rank's (mpi_worker.cpp).
        p.relay->active = !session.empty() && (p.host != here || p.relay_forced);
        std::string msg = start_msg;
        Worker w;
        w.peer = p;
        w.start_sent = now_ns();
        std::string clock;
        append_pod(clock, w.start_sent);
        append_record(msg, clock);
        // Watched by its pid on this host; by its heartbeats elsewhere, and when it is told to
        // behave as another host's rank (to try and test that on one machine).
        w.beats = p.beats && (p.host != here || p.relay_forced);
        w.heard = now_ns();
        if (p.host == here && !w.beats)
            w.pidfd = int(::syscall(SYS_pidfd_open, p.pid, 0));
        if (p.host == here && !w.beats && w.pidfd < 0 && ::kill(p.pid, 0) != 0)
            w.alive = false; // already gone
        m_workers.push_back(std::move(w));
        check(MPI_Send(msg.data(), int(msg.size()), MPI_BYTE, p.rank, kStart, m_comm), "MPI_Send of the pool's start");
    }
    std::lock_guard lock(m_mutex);
    for (const Worker& w : m_workers)
        m_pids.push_back(w.peer.pid);
}

std::optional<std::chrono::nanoseconds> MpiPoolEngine::next_due() const
{
    std::optional<std::int64_t> due;
    for (const Worker& w : m_workers)
        if (w.alive && !w.inflight.empty() && w.service > 0)
            due = std::min(due.value_or(INT64_MAX), w.busy_since + w.service);
    if (!due)
        return std::nullopt;
    return std::chrono::nanoseconds(*due - now_ns());
}

bool MpiPoolEngine::dispatch()
{
    std::vector<std::pair<Worker*, std::uint64_t>> out;
    std::vector<const std::string*> buffers;
    std::vector<const Worker*> started; // relayed ranks that were idle: their current task
    {
        std::lock_guard lock(m_mutex);
        while (!m_outbox.empty()) {
            Worker* best = nullptr;
            for (Worker& w : m_workers)
                if (w.alive && w.usable && w.inflight.size() < depth(w) &&
                    (!best || w.inflight.size() < best->inflight.size()))
                    best = &w;
            if (!best)
                break;
            const std::uint64_t id = m_outbox.front();
            m_outbox.pop_front();
            Job* j = find_locked(id);
            if (!j)
                continue;
            ++j->sending;
            if (best->inflight.empty()) {
                best->busy_since = now_ns();
                if (best->peer.relay->record)
                    started.push_back(best);
            }
            best->inflight.push_back(id);
            out.emplace_back(best, id);
            buffers.push_back(&j->bytes); // stable: a deque's elements stay put at push/pop
        }
    }
    for (std::size_t k = 0; k < out.size(); ++k) {
        Sending s;
        s.id = out[k].second;
        const int rc = MPI_Isend(buffers[k]->data(), int(buffers[k]->size()), MPI_BYTE, out[k].first->peer.rank, kJob,
                                 m_comm, &s.request);
        if (rc != MPI_SUCCESS) {
            std::fprintf(stderr, "proclab::Pool (MPI): cannot send a job to rank %d\n", out[k].first->peer.rank);
            s.request = MPI_REQUEST_NULL;
        }
        m_sending.push_back(s);
        monitor::add_counter(m_pool_id, registry::kQueued, -1);
        monitor::add_counter(m_pool_id, registry::kRunning, 1);
    }
    for (const Worker* w : started)
        show_current_task(*w);
    return !out.empty();
}

void MpiPoolEngine::reap_sends()
{
    for (std::size_t k = 0; k < m_sending.size();) {
        int flag = 1;
        if (m_sending[k].request != MPI_REQUEST_NULL)
            MPI_Test(&m_sending[k].request, &flag, MPI_STATUS_IGNORE);
        if (!flag) {
            ++k;
            continue;
        }
        {
            std::lock_guard lock(m_mutex);
            if (Job* j = find_any_locked(m_sending[k].id)) {
                if (--j->sending == 0 && j->done)
                    std::string().swap(j->bytes);
                compact_locked();
            }
        }
        m_sending[k] = m_sending.back();
        m_sending.pop_back();
    }
}

std::string MpiPoolEngine::task_name(std::string_view job)
{
    constexpr std::size_t kJobHeader = 8 + 4 + 4 + 2;
    if (job.size() < kJobHeader)
        return {};
    return std::string(job.substr(kJobHeader, load_at<std::uint16_t>(job, 16)));
}

void MpiPoolEngine::relay_sync(Worker& w, std::string_view m)
{
    const std::int64_t here = now_ns();
    Relay& r = *w.peer.relay;
    if (m.size() < 3 * 8 || !r.active)
        return;
    const auto sent = load_at<std::int64_t>(m, 0); // the kStart's time, echoed
    if (sent != w.start_sent || w.synced)
        return; // the answer to an earlier pool's start, never read then
    w.synced = true;
    const auto received = load_at<std::int64_t>(m, 8);
    const auto answered = load_at<std::int64_t>(m, 16);
    r.offset = ((received - sent) + (answered - here)) / 2;
    const std::string session = monitor::session_name();
    if (r.record && r.session == session && !r.ended)
        return; // it served an earlier pool of this session: the same record
    const std::string name = w.peer.host + ":" + std::to_string(w.peer.rank);
    r.record = monitor::relayed_started(w.peer.pid, w.peer.host, w.peer.rank, name, ProcessKind::PoolWorker, true,
                                        std::min(w.peer.start_ns - r.offset, here));
    r.session = session;
    r.ended = false;
    show_current_task(w);
}

void MpiPoolEngine::relay_job(const Worker& w, std::uint64_t id, std::int64_t began, std::int64_t ended, int outcome)
{
    const Relay& r = *w.peer.relay;
    if (!r.record)
        return;
    const std::int64_t now = now_ns();
    const std::int64_t end = std::min(ended - r.offset, now);
    const std::int64_t begin = std::min(began - r.offset, end);
    const auto task = static_cast<std::int64_t>(shown_id(id));
    monitor::relayed_event(r.record, begin, EventKind::TaskBegin, m_pool_id, task);
    monitor::relayed_event(r.record, end, EventKind::TaskEnd, m_pool_id, task, std::uint64_t(outcome));
    show_current_task(w);
}

void MpiPoolEngine::show_current_task(const Worker& w)
{
    const Relay& r = *w.peer.relay;
    if (!r.record)
        return;
    if (w.inflight.empty()) {
        monitor::relayed_task(r.record, m_pool_id, 0, {});
        return;
    }
    const std::uint64_t id = w.inflight.front();
    std::string fn;
    {
        std::lock_guard lock(m_mutex);
        if (const Job* j = find_locked(id))
            fn = task_name(j->bytes);
    }
    monitor::relayed_task(r.record, m_pool_id, shown_id(id), fn);
}

void MpiPoolEngine::handle_result(int source, std::string_view m)
{
    Worker* w = worker_of_rank(source);
    if (!w || m.size() < kResultHeader)
        return;
    w->heard = now_ns();
    const auto id = load_at<std::uint64_t>(m, 0);
    const auto word = load_at<std::uint32_t>(m, 8);
    const std::uint32_t status = word & kStatusMask;
    if (status == kRelaySync) {
        relay_sync(*w, m.substr(kResultHeader));
        return;
    }
    if (status == kRelayEnd) {
        if (m.size() >= kResultHeader + 12)
            relay_end(w->peer, load_at<std::int64_t>(m, kResultHeader), load_at<std::int32_t>(m, kResultHeader + 8));
        return;
    }
    // A relayed rank's job: when it began and ended (its clock), before the result.
    std::size_t body = kResultHeader;
    std::int64_t began = 0, ended = 0;
    if (word & kRelayedResult) {
        if (m.size() < kResultHeader + kRelayBlock)
            return;
        began = load_at<std::int64_t>(m, kResultHeader);
        ended = load_at<std::int64_t>(m, kResultHeader + 8);
        body += kRelayBlock;
    }
    if (status == kInitFailed) { // the initializer failed on that rank
        RecordReader reader(m.substr(kResultHeader));
        const std::string type(reader.next());
        const std::string message(reader.next());
        std::fprintf(stderr, "proclab::Pool (MPI): the initializer failed on rank %d (%s): %s: %s\n", w->peer.rank,
                     w->peer.host.c_str(), type.c_str(), message.c_str());
        w->usable = false;
        requeue_or_fail(*w, [](const Peer& p) {
            return std::make_exception_ptr(Error("Pool: the initializer failed on MPI rank " + std::to_string(p.rank)));
        });
        return;
    }
    if (auto it = std::find(w->inflight.begin(), w->inflight.end(), id); it != w->inflight.end())
        w->inflight.erase(it);
    else
        return; // a result of an earlier pool on these ranks
    const std::int64_t now = now_ns();
    const std::int64_t took = now - w->busy_since;
    w->service = w->service == 0 ? took : (3 * w->service + took) / 4;
    w->busy_since = now;
    std::shared_ptr<PoolSink> sink;
    std::uint32_t first = 0;
    std::uint32_t count = 0;
    bool indexed = true;
    {
        std::lock_guard lock(m_mutex);
        Job* j = find_locked(id);
        if (!j)
            return;
        sink = j->sink;
        first = j->first;
        count = j->count;
        indexed = j->indexed;
        finish_locked(*j);
    }
    if (word & kRelayedResult)
        relay_job(*w, id, began, ended, status == kOk ? 0 : 1);
    monitor::add_counter(m_pool_id, registry::kRunning, -1);
    monitor::add_counter(m_pool_id, status == kOk ? registry::kDone : registry::kFailed, 1);
    proclab::detail::deliver_job_result(*sink, first, count, indexed, status == kOk, m.substr(body), w->peer.pid,
                                        w->peer.rank, w->peer.host);
}

template <class MakeError>
void MpiPoolEngine::requeue_or_fail(Worker& w, MakeError error)
{
    std::vector<std::pair<std::shared_ptr<PoolSink>, std::pair<std::uint32_t, std::uint32_t>>> failed;
    {
        std::lock_guard lock(m_mutex);
        for (const std::uint64_t id : w.inflight) {
            Job* j = find_locked(id);
            if (!j)
                continue;
            monitor::add_counter(m_pool_id, registry::kRunning, -1);
            if (j->attempts < m_options.retries) {
                ++j->attempts;
                m_outbox.push_front(id);
                monitor::add_counter(m_pool_id, registry::kQueued, 1);
            } else {
                failed.push_back({j->sink, {j->first, j->count}});
                finish_locked(*j);
            }
        }
        w.inflight.clear();
    }
    for (auto& [sink, range] : failed) {
        monitor::add_counter(m_pool_id, registry::kLost, 1);
        try {
            sink->fail(range.first, range.second, error(w.peer));
        } catch (...) {
            proclab::detail::report_callback_exception("result delivery", std::current_exception());
        }
    }
}

void MpiPoolEngine::check_workers()
{
    drain_beats(m_comm, [this](int rank) {
        if (Worker* w = worker_of_rank(rank))
            w->heard = now_ns();
    });
    const std::int64_t silent_after = std::chrono::nanoseconds(kBeatTimeout).count();
    for (Worker& w : m_workers) {
        if (!w.alive)
            continue;
        if (w.pidfd >= 0) {
            pollfd p{w.pidfd, POLLIN, 0};
            if (::poll(&p, 1, 0) > 0)
                lose(w, "ended");
        } else if (w.beats && now_ns() - w.heard > silent_after) {
            drain_results(); // its last word may be here
            if (now_ns() - w.heard > silent_after)
                lose(w, ("fell silent (no heartbeat for " + std::to_string(std::chrono::seconds(kBeatTimeout).count()) +
                         " s)")
                            .c_str());
        }
    }
    if (std::ranges::none_of(m_workers, [](const Worker& w) { return w.alive && w.usable; }))
        fail_all(std::make_exception_ptr(
            Error("Pool: no MPI rank is left to run the tasks (every worker rank was lost or failed to start)")));
}

void MpiPoolEngine::lose(Worker& w, const char* how)
{
    w.alive = false;
    runtime().lost = true;
    std::fprintf(stderr,
                 "proclab::Pool (MPI): rank %d (process %d on %s) %s; its tasks in flight fail with "
                 "WorkerLost.%s\n",
                 w.peer.rank, int(w.peer.pid), w.peer.host.c_str(), how,
                 m_spawned ? " Open MPI ends the other processes of this spawned job."
                           : " Unless mpirun runs with --enable-recovery, Open MPI now ends the whole job.");
    {
        std::lock_guard lock(m_mutex);
        std::erase(m_pids, w.peer.pid);
    }
    drain_results(); // its last result may have arrived (or its relayed end)
    if (w.peer.relay->active && w.peer.relay->record && !w.peer.relay->ended) {
        w.peer.relay->ended = true; // ended unheard: as mpirun's SIGKILL shows it
        monitor::relayed_exited(w.peer.relay->record, -SIGKILL, now_ns());
    }
    requeue_or_fail(w, [](const Peer& p) { return std::make_exception_ptr(WorkerLost(p.pid, p.rank, p.host)); });
}

bool MpiPoolEngine::drain_results()
{
    bool any = false;
    for (;;) {
        int flag = 0;
        MPI_Message m = MPI_MESSAGE_NULL;
        MPI_Status status;
        if (MPI_Improbe(MPI_ANY_SOURCE, kResult, m_comm, &flag, &m, &status) != MPI_SUCCESS || !flag)
            return any;
        receive(m, status, m_msg);
        handle_result(status.MPI_SOURCE, m_msg);
        any = true;
    }
}

void MpiPoolEngine::fail_all(const std::exception_ptr& error)
{
    std::vector<std::tuple<std::shared_ptr<PoolSink>, std::uint32_t, std::uint32_t>> failed;
    {
        std::lock_guard lock(m_mutex);
        for (Job& j : m_table)
            if (!j.done) {
                failed.emplace_back(j.sink, j.first, j.count);
                finish_locked(j);
            }
        m_outbox.clear();
    }
    for (Worker& w : m_workers)
        w.inflight.clear();
    for (auto& [sink, first, count] : failed)
        if (sink)
            try {
                sink->fail(first, count, error);
            } catch (...) {
                proclab::detail::report_callback_exception("result delivery", std::current_exception());
            }
}

void MpiPoolEngine::supervise(std::promise<void>& started)
{
    try {
        start();
    } catch (...) {
        started.set_exception(std::current_exception());
        return;
    }
    started.set_value();
    Backoff backoff;
    auto last_check = std::chrono::steady_clock::now();
    for (;;) {
        State st;
        std::size_t pending = 0;
        {
            std::lock_guard lock(m_mutex);
            st = m_state;
            pending = m_pending;
        }
        if (st == State::Terminate || (st == State::Close && pending == 0))
            break;
        bool progress = false;
        try {
            progress = dispatch();
            progress = drain_results() || progress;
            reap_sends();
        } catch (const std::exception& e) {
            std::fprintf(stderr, "proclab::Pool (MPI): %s\n", e.what());
        }
        const auto now = std::chrono::steady_clock::now();
        if (now - last_check >= std::chrono::milliseconds(20)) {
            check_workers();
            last_check = now;
        }
        if (progress) {
            backoff.reset();
            continue;
        }
        const bool busy =
            !m_sending.empty() || std::ranges::any_of(m_workers, [](const Worker& w) { return !w.inflight.empty(); });
        std::unique_lock lock(m_mutex);
        if (busy) {
            // Long jobs: asleep until shortly before the first is due to end, by naps of at
            // most 2 ms (a job may end sooner than the last ones did; a new job or a close
            // wakes it too), then the backoff. Polling through jobs of milliseconds took a
            // tenth of a core, from the ranks sharing it.
            const auto due = next_due();
            if (due && *due > std::chrono::microseconds(300)) {
                backoff.skip_spin();
                m_cv.wait_for(lock, std::min<std::chrono::nanoseconds>(*due - std::chrono::microseconds(200),
                                                                       std::chrono::milliseconds(2)));
            } else if (const auto pause = backoff.next(); pause.count() > 0) {
                m_cv.wait_for(lock, pause);
            }
        } else {
            m_cv.wait_for(lock, std::chrono::milliseconds(20),
                          [this] { return !m_outbox.empty() || m_state != State::Run || m_pending == 0; });
            if (m_pending == 0 && m_state == State::Run)
                m_cv.wait_for(lock, std::chrono::milliseconds(20),
                              [this] { return !m_outbox.empty() || m_state != State::Run; });
        }
    }
    fail_all(std::make_exception_ptr(Error("Pool: terminated before the task finished")));
    finish();
}

void MpiPoolEngine::finish()
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    const auto unsynced = [this] {
        return std::ranges::any_of(m_workers,
                                   [](const Worker& w) { return w.alive && w.peer.relay->active && !w.synced; });
    };
    while ((!m_sending.empty() || unsynced()) && std::chrono::steady_clock::now() < deadline) {
        reap_sends();
        drain_results();
        std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
    for (Sending& s : m_sending) {
        MPI_Request_free(&s.request);
        std::lock_guard lock(m_mutex);
        if (Job* j = find_any_locked(s.id))
            keep_forever(std::move(j->bytes));
    }
    m_sending.clear();
    if (!m_own_set)
        return; // the world's ranks or the spawned set serve the next pool (see release())
    const bool lost = runtime().lost;
    const char skip = lost ? 1 : 0;
    std::vector<Peer> told;
    for (const Worker& w : m_workers)
        if (w.alive) {
            MPI_Send(&skip, 1, MPI_BYTE, w.peer.rank, kExit, m_comm);
            told.push_back(w.peer);
        }
    relay_goodbyes(m_comm, told, std::chrono::seconds(2));
    if (!lost)
        MPI_Comm_disconnect(&m_comm);
    // Wait (briefly) for the spawned processes on this host to end, so none outlives the pool.
    for (const Worker& w : m_workers)
        if (w.pidfd >= 0) {
            pollfd p{w.pidfd, POLLIN, 0};
            ::poll(&p, 1, 5000);
        }
}

} // namespace proclab::mpi::detail
