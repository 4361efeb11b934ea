// A ProcLab program that keeps creating and using shared objects until it is killed: the
// fault-injection tests SIGKILL it at random moments and then look for what it left behind.
//   helper_workload pool|queue-lock SESSION|-
// pool: a Pool of 2 workers maps a task, again and again. queue-lock: a child and this process
// share a Queue (small and large messages: a large one is a part object of its own) and a Lock.
// SESSION: created first ("-": none). Prints "tracker <pid>" after its first round.
#include "shm/tracker.h"

#include <proclab/proclab.h>

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace {

int square(int x)
{
    return x * x;
}
PROCLAB_TASK(square);

void pool_round()
{
    proclab::PoolOptions options;
    options.processes = 2;
    proclab::Pool pool(options);
    std::vector<int> xs(16);
    for (int i = 0; i < 16; ++i)
        xs[std::size_t(i)] = i;
    static_cast<void>(pool.map(square, xs));
    pool.close();
    pool.join();
}

void queue_lock_round()
{
    proclab::Queue<std::string> q(0, 64 * 1024);
    proclab::Lock lock;
    proclab::Process child([q, lock]() mutable {
        for (int i = 0; i < 20; ++i) {
            lock.acquire();
            q.put(std::string(i % 5 == 0 ? 40 * 1024 : 16, 'x')); // every fifth one a part
            lock.release();
        }
    });
    child.set_start_method(proclab::StartMethod::Fork);
    child.start();
    for (int i = 0; i < 20; ++i)
        static_cast<void>(q.get());
    child.join();
}

} // namespace

int main(int argc, char** argv)
{
    proclab::freeze_support();
    const std::string mode = argc > 1 ? argv[1] : "pool";
    std::optional<proclab::Session> session;
    if (argc > 2 && std::string(argv[2]) != "-")
        session.emplace(proclab::Session::create(argv[2]));
    for (unsigned round = 0;; ++round) {
        if (mode == "pool")
            pool_round();
        else
            queue_lock_round();
        if (round == 0) {
            std::printf("tracker %d\n", static_cast<int>(proclab::detail::tracker_pid()));
            std::fflush(stdout);
        }
    }
}
