// A worker rank: serves pools until the pool's process says exit (see mpi_runtime.h).
#include "mpi_runtime.h"

#include <proclab/clock.h>
#include <proclab/detail/monitor.h>
#include <proclab/detail/pool_engine.h>
#include <proclab/detail/pool_results.h>
#include <proclab/errors.h>
#include <proclab/task.h>

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace proclab::mpi::detail {

namespace {

using proclab::ObjectId;
using proclab::detail::RecordReader;
namespace monitor = proclab::detail::monitor;

// Job message header (proclab/detail/pool_engine.h): u64 id, u32 first, u32 count, u16 name length.
constexpr std::size_t kJobHeader = 8 + 4 + 4 + 2;

/// A rank the pool's process cannot watch (another host's) says it lives: kBeat every
/// kBeatInterval, from a thread of its own, so that a long task does not silence it.
class Heartbeat {
public:
    Heartbeat() = default;
    Heartbeat(const Heartbeat&) = delete;
    Heartbeat& operator=(const Heartbeat&) = delete;
    ~Heartbeat() { stop(); }

    void start(MPI_Comm comm)
    {
        if (!m_thread.joinable())
            m_thread = std::thread([this, comm] { run(comm); });
    }
    void stop()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_cv.notify_all();
        if (m_thread.joinable())
            m_thread.join();
    }

private:
    void run(MPI_Comm comm)
    {
        std::unique_lock lock(m_mutex);
        while (!m_stop) {
            lock.unlock();
            const char beat = 0;
            MPI_Request request = MPI_REQUEST_NULL;
            try {
                check(MPI_Isend(&beat, 1, MPI_BYTE, 0, kBeat, comm, &request), "MPI_Isend of a heartbeat");
                wait(request, "MPI_Isend of a heartbeat");
            } catch (const std::exception&) {
                return; // the pool's process is gone: the main thread finds out too
            }
            lock.lock();
            m_cv.wait_for(lock, kBeatInterval, [this] { return m_stop; });
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_stop = false;
    std::thread m_thread;
};

/// What this rank is to the pool it serves now.
struct Serving {
    ObjectId pool_id = proclab::kNoObject; // its registry entry (this rank joined the session)
    bool relayed = false;                  // its status goes to the pool's process in the results
};

void send_to_pool(const std::string& out, MPI_Comm comm)
{
    MPI_Request request = MPI_REQUEST_NULL;
    check(MPI_Isend(out.data(), int(out.size()), MPI_BYTE, 0, kResult, comm, &request), "MPI_Isend of a result");
    wait(request, "MPI_Isend of a result"); // not MPI_Send: see wait()
}

/// Runs the job in `msg` and writes its result message into `out`.
void run_job(std::string_view msg, std::string& out, const proclab::detail::TaskEntry*& task, std::string& task_name,
             const Serving& serving)
{
    const ObjectId pool_id = serving.pool_id;
    if (msg.size() < kJobHeader)
        throw ValueError("MPI pool worker: malformed job message");
    const auto id = load_at<std::uint64_t>(msg, 0);
    const auto first = load_at<std::uint32_t>(msg, 8);
    const auto count = load_at<std::uint32_t>(msg, 12);
    const auto name_len = load_at<std::uint16_t>(msg, 16);
    const std::string_view name = msg.substr(kJobHeader, name_len);
    if (name != task_name) {
        task_name = name;
        task = proclab::detail::find_task(task_name);
    }
    // The session shows the job's number in its pool, as a local pool's (not the serial above it).
    const std::uint64_t shown = id & ((std::uint64_t(1) << kSerialShift) - 1);
    if (pool_id != proclab::kNoObject)
        monitor::task_begin(pool_id, shown, name);
    out.clear();
    out.reserve(msg.size() + kResultHeader + kRelayBlock);
    append_pod(out, id);
    append_pod(out, std::uint32_t(0));
    if (serving.relayed) { // the job's begin and end, filled below
        append_pod(out, proclab::now_ns());
        append_pod(out, std::int64_t(0));
    }
    const std::size_t header = out.size();
    proclab::detail::run_chunk(task, task_name, msg.substr(kJobHeader + name_len), first, count, out, header, 8);
    const auto status = load_at<std::uint32_t>(out, 8);
    if (serving.relayed) {
        const std::int64_t end = proclab::now_ns();
        const std::uint32_t word = status | kRelayedResult;
        std::memcpy(out.data() + 8, &word, sizeof word);
        std::memcpy(out.data() + kResultHeader + 8, &end, sizeof end);
    }
    if (pool_id != proclab::kNoObject)
        monitor::task_end(pool_id, shown, status != 0 ? 1 : 0);
}

/// A relayed rank's status message to the pool (status 3 or 4, job id 0).
void send_status(std::uint32_t status, const std::string& body, MPI_Comm comm)
{
    std::string out;
    append_pod(out, std::uint64_t(0));
    append_pod(out, status);
    out += body;
    check(MPI_Send(out.data(), int(out.size()), MPI_BYTE, 0, kResult, comm), "MPI_Send of a relayed status");
}

/// A pool starts: finds its registry entry (or tells the pool's process the clock, when relayed) and
/// runs its initializer. False (the failure sent to the pool) when the initializer threw.
bool start_pool(std::string_view msg, std::int64_t received, Serving& serving, MPI_Comm comm, const std::string& label,
                bool relay_forced, Heartbeat& heartbeat)
{
    RecordReader reader(msg);
    const std::string_view registry_name = reader.next();
    const std::string init_task(reader.next());
    const std::string_view init_args = reader.next();
    const std::string session(reader.next());
    const std::string_view pool_host = reader.next();
    const std::string_view pool_clock = reader.next();
    // A rank on the pool's host joins its session (whatever mpirun exported), as a local worker; a
    // rank of another host (or told to behave so) is relayed by the pool's process.
    const bool apart = pool_host != host_name() || relay_forced;
    if (apart && runtime().thread_level >= MPI_THREAD_MULTIPLE)
        heartbeat.start(comm); // the pool's process cannot watch this rank's pid
    serving.relayed = !session.empty() && apart;
    if (serving.relayed) {
        serving.pool_id = proclab::kNoObject;
        std::string body(pool_clock);
        append_pod(body, received);
        append_pod(body, proclab::now_ns());
        send_status(kRelaySync, body, comm);
    } else {
        if (pool_host == host_name() && session != monitor::session_name()) {
            if (session.empty()) {
                Session::detach();
            } else {
                monitor::attach_to(session);
                monitor::became(label, ProcessKind::PoolWorker, true);
            }
        }
        serving.pool_id = registry_name.empty() ? proclab::kNoObject : monitor::find_object(registry_name);
    }
    if (init_task.empty())
        return true;
    std::string type;
    std::string message;
    try {
        const proclab::detail::TaskEntry* init = proclab::detail::find_task(init_task);
        if (!init)
            throw ProcessError("Pool initializer '" + init_task + "' is not registered in the worker");
        init->invoke(init_args);
        return true;
    } catch (const std::exception& e) {
        type = exception_type_name(e);
        message = e.what();
    } catch (...) {
        type = "unknown";
        message = "an exception not derived from std::exception";
    }
    std::string out;
    append_pod(out, std::uint64_t(0));
    append_pod(out, std::uint32_t(kInitFailed));
    append_record(out, type);
    append_record(out, message);
    send_to_pool(out, comm);
    return false;
}

/// A relayed rank's last word: it ends with `code` (status 4).
void say_goodbye(const Serving& serving, int code, MPI_Comm comm) noexcept
{
    if (!serving.relayed)
        return;
    std::string body;
    append_pod(body, proclab::now_ns());
    append_pod(body, std::int32_t(code));
    try {
        send_status(kRelayEnd, body, comm);
    } catch (...) {
    }
}

} // namespace

void serve(MPI_Comm comm, int rank, bool spawned)
{
    const std::string host = host_name();
    const std::string label = host + ":" + std::to_string(rank); // its name in a session
    const std::int64_t started = proclab::now_ns();
    bool forced = false;
    try {
        forced = relay_forced();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "proclab: MPI rank %d: %s (taken as 0)\n", rank, e.what());
    }
    if (forced)
        monitor::withdraw(); // as on another host: never in this host's session, relayed instead
    else
        monitor::became(label, ProcessKind::PoolWorker, true);
    {
        std::string hello;
        append_pod(hello, std::int32_t(::getpid()));
        const bool beats = runtime().thread_level >= MPI_THREAD_MULTIPLE;
        append_pod(hello, std::uint8_t((forced ? kHelloRelayForced : 0) | (beats ? kHelloBeats : 0)));
        append_pod(hello, started);
        hello += host;
        check(MPI_Send(hello.data(), int(hello.size()), MPI_BYTE, 0, kHello, comm), "MPI_Send of the hello");
    }
    std::string msg;
    std::string out;
    const proclab::detail::TaskEntry* task = nullptr;
    std::string task_name;
    Serving serving;
    bool usable = true; // false after the pool's initializer failed here: its jobs are not run
    Heartbeat heartbeat;
    Backoff backoff;
    for (;;) {
        int flag = 0;
        MPI_Message m = MPI_MESSAGE_NULL;
        MPI_Status status;
        if (MPI_Improbe(0, MPI_ANY_TAG, comm, &flag, &m, &status) != MPI_SUCCESS) {
            std::fprintf(stderr, "proclab: MPI rank %d lost its pool (MPI_Improbe failed)\n", rank);
            say_goodbye(serving, 1, comm);
            std::_Exit(1);
        }
        if (!flag) {
            if (const auto pause = backoff.next(); pause.count() > 0)
                std::this_thread::sleep_for(pause);
            continue;
        }
        backoff.reset();
        const std::int64_t received = proclab::now_ns();
        try {
            receive(m, status, msg);
            switch (status.MPI_TAG) {
            case kExit: {
                const bool skip = !msg.empty() && msg[0] != 0;
                runtime().lost = skip;
                heartbeat.stop();
                say_goodbye(serving, 0, comm);
                if (!skip) {
                    if (spawned)
                        MPI_Comm_disconnect(&comm);
                    MPI_Finalize();
                }
                std::exit(0);
            }
            case kStart:
                usable = start_pool(msg, received, serving, comm, label, forced, heartbeat);
                break;
            case kJob:
                if (usable) {
                    run_job(msg, out, task, task_name, serving);
                    send_to_pool(out, comm);
                }
                break;
            default:
                break;
            }
        } catch (const std::exception& e) {
            std::fprintf(stderr, "proclab: MPI rank %d: %s\n", rank, e.what());
            say_goodbye(serving, 1, comm);
            std::_Exit(1);
        }
    }
}

} // namespace proclab::mpi::detail
