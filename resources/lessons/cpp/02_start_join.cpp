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

void sleeper(double seconds)
{
    sleep_s(seconds);
}
PROCLAB_TASK(sleeper);

double since(std::chrono::steady_clock::time_point t0) // in lesson seconds
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() * speed();
}

int main()
{
    proclab::freeze_support();
    auto t0 = std::chrono::steady_clock::now();
    proclab::Process a(sleeper, 4.0);
    proclab::Process b(sleeper, 6.0);
    a.start();
    b.start();
    a.join();
    b.join();
    std::printf("both started, then joined: %.1f s\n", since(t0));

    t0 = std::chrono::steady_clock::now();
    proclab::Process c(sleeper, 4.0);
    c.start();
    c.join();
    proclab::Process d(sleeper, 6.0);
    d.start();
    d.join();
    std::printf("each joined right after start: %.1f s\n", since(t0));
}
