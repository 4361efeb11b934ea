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

int slow(int x)
{
    sleep_s(1);
    return x;
}
PROCLAB_TASK(slow);

int main()
{
    proclab::freeze_support();
    std::optional<proclab::AsyncResult<int>> r;
    {
        proclab::Pool pool({.processes = 2});
        r = pool.apply_async(slow, 1);
    } // the destructor called pool.terminate(), as leaving Python's with block
    std::printf("result ready: %s\n", r->ready() ? "True" : "False");
    try {
        r->get();
    } catch (const std::exception& e) {
        std::printf("get() after the block: %s\n", e.what());
    }
    {
        proclab::Pool pool({.processes = 2});
        std::printf("get() inside the block: %d\n", pool.apply_async(slow, 2).get());
    }
}
