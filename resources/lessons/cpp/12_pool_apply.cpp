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
#include <vector>

int work(int x)
{
    std::printf("call %d runs on pid %d\n", x, int(getpid()));
    std::fflush(stdout);
    sleep_s(1);
    return int(getpid());
}
PROCLAB_TASK(work);

double since(std::chrono::steady_clock::time_point t0) // in lesson seconds
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() * speed();
}

int main()
{
    proclab::freeze_support();
    proclab::Pool pool({.processes = 4});
    auto t0 = std::chrono::steady_clock::now();
    for (int x = 0; x < 5; ++x)
        std::printf("apply -> %d\n", pool.apply(work, x));
    std::printf("apply: %.1f s\n", since(t0));
    t0 = std::chrono::steady_clock::now();
    std::vector<proclab::AsyncResult<int>> results;
    for (int x = 0; x < 5; ++x)
        results.push_back(pool.apply_async(work, x));
    for (auto& r : results)
        std::printf("%d ", r.get());
    std::printf("\napply_async: %.1f s\n", since(t0));
    pool.close();
    pool.join();
}
