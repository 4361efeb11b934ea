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
void whoami()
{
    std::printf("whoami() runs in pid %d\n", int(getpid()));
    std::fflush(stdout);
}
PROCLAB_TASK(whoami);

int main()
{
    proclab::freeze_support();
    std::printf("main pid %d\n", int(getpid()));
    std::fflush(stdout);
    proclab::Process p(whoami);
    whoami();  // Python's p.run(): a plain call, here in the main process
    p.start(); // a new process runs it there
    p.join();
    std::printf("exitcode %d\n", *p.exitcode());
}
