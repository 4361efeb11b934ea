#include <proclab/proclab.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <unistd.h>

// The tests run lessons faster: every sleep is divided by $PROCLAB_LESSON_SPEED (default 1).
double speed()
{
    const char* s = std::getenv("PROCLAB_LESSON_SPEED");
    return s ? std::atof(s) : 1.0;
}
void sleep_s(double s)
{
    std::this_thread::sleep_for(std::chrono::duration<double>(s / speed()));
}
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

std::string line(int n, int i) // "worker 2 (pid 1234): line 1 of 3"
{
    return "worker " + std::to_string(n) + " (pid " + std::to_string(getpid()) + "): line " + std::to_string(i) +
           " of 3";
}

int worker(const proclab::LockProxy& lock, const proclab::QueueProxy<std::string>& q, int n)
{
    proclab::LockProxy l = lock;
    std::lock_guard guard(l); // acquired in the manager process
    for (int i = 1; i <= 3; ++i) {
        q.put(line(n, i));
        sleep_s(0.1);
    }
    return n;
}
PROCLAB_TASK(worker);

int named_worker(const proclab::Lock& lock, const proclab::Queue<std::string>& q, int n)
{
    proclab::Lock l = lock;
    std::lock_guard guard(l);
    for (int i = 1; i <= 3; ++i) {
        proclab::Queue<std::string>(q).put(line(n, i));
        sleep_s(0.1);
    }
    return n;
}
PROCLAB_TASK(named_worker);

int main()
{
    proclab::freeze_support();
    proclab::Manager m;
    proclab::LockProxy lock = m.Lock();
    proclab::QueueProxy<std::string> q = m.Queue<std::string>();
    {
        proclab::Pool pool({.processes = 4});
        std::vector<std::tuple<proclab::LockProxy, proclab::QueueProxy<std::string>, int>> args;
        for (int n = 0; n < 4; ++n)
            args.emplace_back(lock, q, n);
        pool.starmap(worker, args);
    }
    while (!q.empty())
        std::printf("%s\n", q.get().c_str());

    // ProcLab needs no Manager for this: a Lock and a Queue are passed to pool tasks by name.
    proclab::Lock named_lock;
    proclab::Queue<std::string> named_q;
    proclab::Pool pool({.processes = 4});
    std::vector<std::tuple<proclab::Lock, proclab::Queue<std::string>, int>> named_args;
    for (int n = 0; n < 4; ++n)
        named_args.emplace_back(named_lock, named_q, n);
    pool.starmap(named_worker, named_args);
    std::printf("without a Manager:\n");
    while (!named_q.empty())
        std::printf("%s\n", named_q.get().c_str());
}
