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

int square(int x)
{
    sleep_s(1);
    return x * x;
}
PROCLAB_TASK(square);

int main()
{
    proclab::freeze_support();
    std::vector<proclab::AsyncResult<int>> results;
    {
        proclab::Pool pool({.processes = 4});
        for (int x = 0; x < 8; ++x)
            results.push_back(pool.apply_async(square, x));
        pool.close();
        try {
            pool.apply_async(square, 9);
        } catch (const proclab::ValueError& e) {
            std::printf("ValueError: %s\n", e.what());
        }
        pool.join(); // waits for all 8 tasks
        for (auto& r : results)
            std::printf("%d ", r.get());
        std::printf("\n");
    }
    results.clear();
    proclab::Pool pool({.processes = 4});
    for (int x = 0; x < 8; ++x)
        results.push_back(pool.apply_async(square, x));
    sleep_s(0.5);
    pool.terminate(); // the running tasks are killed
    pool.join();
    std::printf("terminated; ready:");
    for (auto& r : results)
        std::printf(" %d", r.ready());
    std::printf("\n");
}
