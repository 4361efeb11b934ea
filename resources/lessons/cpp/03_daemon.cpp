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

void worker(double seconds)
{
    sleep_s(seconds);
    std::printf("worker finished\n");
}
PROCLAB_TASK(worker);

int main()
{
    proclab::freeze_support();
    proclab::Process p(worker, 10.0);
    p.set_name("helper");
    p.set_daemon(true);
    p.start();
    std::printf("%s %d %d %d\n", p.name().c_str(), int(p.pid()), p.daemon(), p.is_alive());
    sleep_s(1);
    std::printf("main ends; the daemon goes with it\n");
    std::fflush(stdout);
}
