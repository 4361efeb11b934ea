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
#include <stdexcept>
#include <vector>

struct ZeroDivisionError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

int divide(int x)
{
    if (x == 0)
        throw ZeroDivisionError("division by zero");
    return 100 / x;
}
PROCLAB_TASK(divide);

int main()
{
    proclab::freeze_support();
    proclab::Pool pool({.processes = 4});
    std::vector<proclab::AsyncResult<int>> results;
    for (int x : {1, 2, 0, 4, 5})
        results.push_back(pool.apply_async(
            divide, x, [](const int&) {},
            [x](const std::exception& e) { std::printf("task divide(%d) failed: %s\n", x, e.what()); }));
    pool.close();
    pool.join();
    std::printf("%d\n", results[0].get());
    try {
        results[2].get();
    } catch (const proclab::RemoteError& e) {
        std::printf("RemoteError: %s: %s\n", e.type().c_str(), e.message().c_str());
    }
}
