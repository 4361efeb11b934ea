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
#include <vector>

void printer(int n, int lines)
{
    for (int i = 0; i < lines; ++i) {
        std::printf("worker %d: line %d of %d\n", n, i + 1, lines);
        std::fflush(stdout);
        sleep_s(0.1);
    }
}
PROCLAB_TASK(printer);

void locked_printer(const proclab::Lock& lock, int n, int lines)
{
    proclab::Lock l = lock;
    std::lock_guard guard(l);
    printer(n, lines);
}
PROCLAB_TASK(locked_printer);

void add(const proclab::Value<int>& counter, int times)
{
    for (int i = 0; i < times; ++i) {
        const int seen = counter.value(); // read, add, write: not atomic
        std::this_thread::yield();
        counter.value() = seen + 1;
    }
}
PROCLAB_TASK(add);

void add_locked(const proclab::Value<int>& counter, int times)
{
    for (int i = 0; i < times; ++i) {
        std::lock_guard guard(counter.get_lock());
        counter.value() += 1;
    }
}
PROCLAB_TASK(add_locked);

void run_all(std::vector<proclab::Process>& ps)
{
    for (auto& p : ps)
        p.start();
    for (auto& p : ps)
        p.join();
}

template <class F, class... A>
std::vector<proclab::Process> processes(int n, F f, A... args)
{
    std::vector<proclab::Process> ps;
    for (int i = 0; i < n; ++i)
        ps.emplace_back(f, args...);
    return ps;
}

int main()
{
    proclab::freeze_support();
    std::vector<proclab::Process> ps;
    for (int n = 0; n < 2; ++n)
        ps.emplace_back(printer, n, 3);
    run_all(ps);
    proclab::Lock lock;
    ps.clear();
    for (int n = 0; n < 2; ++n)
        ps.emplace_back(locked_printer, lock, n, 3);
    run_all(ps);
    proclab::Value<int> counter(0);
    ps = processes(4, add, counter, 20000);
    run_all(ps);
    std::printf("without the lock: %d\n", counter.load());
    proclab::Value<int> counter2(0);
    ps = processes(4, add_locked, counter2, 20000);
    run_all(ps);
    std::printf("with the lock: %d\n", counter2.load());
}
