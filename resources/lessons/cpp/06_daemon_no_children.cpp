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

void child()
{
    sleep_s(0.1);
}
PROCLAB_TASK(child);

void daemon_worker()
{
    proclab::Process c(child);
    try {
        c.start();
    } catch (const proclab::ProcessError& e) {
        std::printf("ProcessError: %s\n", e.what());
        throw; // exit code 1, as Python's uncaught AssertionError
    }
}
PROCLAB_TASK(daemon_worker);

int main()
{
    proclab::freeze_support();
    proclab::Process p(daemon_worker);
    p.set_daemon(true);
    p.start();
    p.join();
    std::printf("exitcode %d\n", *p.exitcode());
}
