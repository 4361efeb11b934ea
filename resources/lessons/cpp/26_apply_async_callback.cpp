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
#include <exception>

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

void on_result(const int& value) // runs in the main process
{
    std::printf("callback got %d in pid %d\n", value, int(getpid()));
    std::fflush(stdout);
}

void on_error(const std::exception& e)
{
    std::printf("error_callback got %s\n", e.what());
    std::fflush(stdout);
}

int main()
{
    proclab::freeze_support();
    std::printf("main pid %d\n", int(getpid()));
    std::fflush(stdout);
    proclab::Pool pool({.processes = 3});
    for (int x : {3, 1, 2})
        pool.apply_async(square, x, on_result);
    pool.apply_async(divide, 0, on_result, on_error);
    pool.close();
    pool.join(); // waits for the tasks and their callbacks
}
