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
#include <optional>
#include <string>
#include <vector>

std::optional<proclab::Lock> lock; // set in each worker by the initializer

void init(const proclab::Lock& l)
{
    lock = l; // each worker keeps the lock it was given at start
}
PROCLAB_TASK(init);

int work(int x)
{
    std::lock_guard guard(*lock);
    std::printf("pid %d holds the lock for %d\n", int(getpid()), x);
    std::fflush(stdout);
    sleep_s(0.2);
    return x * x;
}
PROCLAB_TASK(work);

std::string name_of(const proclab::Lock& l) // a task that takes a Lock
{
    return "a Lock arrived: " + l.name();
}
PROCLAB_TASK(name_of);

int main()
{
    proclab::freeze_support();
    proclab::Lock shared;
    {
        proclab::Pool pool({.processes = 2});
        std::printf("%s\n", pool.apply(name_of, shared).c_str()); // C++: accepted, sent by name
    }
    const auto t0 = std::chrono::steady_clock::now();
    proclab::PoolOptions options{.processes = 2};
    options.initializer = {init, shared};
    {
        proclab::Pool pool(options);
        for (int v : pool.map(work, std::vector<int>{0, 1, 2, 3}))
            std::printf("%d ", v);
        std::printf("\n");
    }
    std::printf("took %.2f s\n", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
}
