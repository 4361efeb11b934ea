#include <proclab/proclab.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <unistd.h>

// The tests run lessons faster: every sleep is divided by $PROCLAB_LESSON_SPEED (default 1).
double speed() { const char* s = std::getenv("PROCLAB_LESSON_SPEED"); return s ? std::atof(s) : 1.0; }
void sleep_s(double s) { std::this_thread::sleep_for(std::chrono::duration<double>(s / speed())); }
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

int worker(const proclab::Lock& lock, const proclab::Queue<std::string>& q, int n)
{
    proclab::Lock l = lock;
    std::lock_guard guard(l);
    proclab::Queue<std::string>(q).put("worker " + std::to_string(n) + " in pid " + std::to_string(getpid()) +
                                       " holds the lock");
    sleep_s(0.2);
    return n;
}
PROCLAB_TASK(worker);

int main()
{
    proclab::freeze_support();
    // Python needs a Manager for these two; ProcLab's are passed to pool tasks by name.
    proclab::Lock lock;
    proclab::Queue<std::string> q;
    proclab::Pool pool({.processes = 4});
    std::vector<std::tuple<proclab::Lock, proclab::Queue<std::string>, int>> args;
    for (int n = 0; n < 5; ++n)
        args.emplace_back(lock, q, n);
    pool.starmap(worker, args);
    while (!q.empty())
        std::printf("%s\n", q.get().c_str());
}
