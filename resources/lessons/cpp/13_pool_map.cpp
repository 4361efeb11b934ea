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

void print(const std::vector<int>& xs)
{
    for (int x : xs)
        std::printf("%d ", x);
    std::printf("\n");
}

int main()
{
    proclab::freeze_support();
    proclab::Pool pool({.processes = 4});
    std::vector<int> xs = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    print(pool.map(square, xs));
    auto r = pool.map_async(square, xs);
    print(r.get());
    auto it = pool.imap(square, xs);
    for (;;) {
        try {
            std::optional<int> v = it.next(std::chrono::milliseconds(int(500 / speed())));
            if (!v)
                break; // StopIteration
            std::printf("%d\n", *v);
        } catch (const proclab::TimeoutError&) {
            std::printf("not ready yet\n");
        }
    }
    print(pool.map(square, xs, /*chunksize=*/5));
}
