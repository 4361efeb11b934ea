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
#include <optional>
#include <stdexcept>
#include <vector>

int square(int x)
{
    sleep_s(x / 2.0);
    return x * x;
}
PROCLAB_TASK(square);

int divide(int x)
{
    if (x == 0)
        throw std::runtime_error("integer division or modulo by zero");
    return 1 / x;
}
PROCLAB_TASK(divide);

int main()
{
    proclab::freeze_support();
    std::optional<proclab::AsyncResult<int>> last;
    {
        proclab::Pool ex({.processes = 3}); // no executor in ProcLab: a Pool does the same work
        std::printf("map:");
        for (int v : ex.map(square, std::vector<int>{3, 1, 2})) // input order
            std::printf(" %d", v);
        std::mutex m;
        std::vector<int> finished; // as_completed: the callbacks come in finish order
        std::vector<proclab::AsyncResult<int>> futures;
        for (int x : {3, 1, 2})
            futures.push_back(ex.apply_async(square, x, [&](const int& v) {
                std::lock_guard g(m);
                finished.push_back(v);
            }));
        for (auto& f : futures)
            f.wait();
        std::printf("\nas_completed:");
        for (int v : finished)
            std::printf(" %d", v);
        auto bad = ex.apply_async(divide, 0);
        try {
            bad.get();
        } catch (const proclab::RemoteError& e) {
            std::printf("\nresult() re-raised: %s\n", e.what());
        }
        last = ex.apply_async(square, 1);
        ex.close(); // ProcessPoolExecutor's with block: shutdown(wait=True)
        ex.join();
    }
    std::printf("after the with block: done %s result %d\n", last->ready() ? "True" : "False", last->get());
}
