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

void ok() {}
PROCLAB_TASK(ok);

void fail()
{
    throw std::runtime_error("something went wrong");
}
PROCLAB_TASK(fail);

void sleeper()
{
    sleep_s(60);
}
PROCLAB_TASK(sleeper);

int main()
{
    proclab::freeze_support();
    proclab::Process a(ok);
    proclab::Process b(fail);
    proclab::Process c(sleeper);
    proclab::Process d(sleeper);
    for (proclab::Process* p : {&a, &b, &c, &d})
        p->start();
    a.join();
    b.join();
    c.terminate();
    d.kill();
    c.join();
    d.join();
    std::printf("%d %d %d %d\n", *a.exitcode(), *b.exitcode(), *c.exitcode(), *d.exitcode());
}
