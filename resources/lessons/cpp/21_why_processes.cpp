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
#include <functional>
#include <string>
#include <vector>

void count(long long n) // the same loop; volatile so that the compiler keeps it
{
    volatile long long k = n;
    while (k > 0)
        k = k - 1;
}
PROCLAB_TASK(count);

template <class Worker>
void timed(const char* label, std::vector<Worker> workers)
{
    const auto t0 = std::chrono::steady_clock::now();
    for (auto& w : workers)
        w.start();
    for (auto& w : workers)
        w.join();
    std::printf("%s: %.2f s\n", label, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    std::fflush(stdout);
}

// std::thread starts at once; this wrapper gives it Python's start()/join().
struct Thread {
    long long n;
    std::thread t;
    void start() { t = std::thread(count, n); }
    void join() { t.join(); }
};

int main()
{
    proclab::freeze_support();
    const long long N = 300'000'000; // C++ counts much faster than Python
    std::vector<Thread> one;
    one.push_back(Thread{N, {}});
    timed("one loop", std::move(one));
    std::vector<Thread> two;
    two.push_back(Thread{N, {}});
    two.push_back(Thread{N, {}});
    timed("two threads", std::move(two));
    std::vector<proclab::Process> procs;
    procs.emplace_back(count, N);
    procs.emplace_back(count, N);
    timed("two processes", std::move(procs));
}
