#include <proclab/proclab.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

// The tests run lessons faster: every sleep is divided by $PROCLAB_LESSON_SPEED (default 1).
void sleep_s(double s)
{
    const char* speed = std::getenv("PROCLAB_LESSON_SPEED");
    std::this_thread::sleep_for(std::chrono::duration<double>(s / (speed ? std::atof(speed) : 1.0)));
}

void meet(const proclab::Barrier& shared)
{
    proclab::Barrier barrier = shared;
    const std::string name = proclab::current_process().name;
    try {
        barrier.wait(); // returns when 3 processes have called wait()
        std::printf("%s passed the barrier\n", name.c_str());
    } catch (const proclab::BrokenBarrierError&) {
        std::printf("%s got BrokenBarrierError\n", name.c_str());
    }
}
PROCLAB_TASK(meet);

int main()
{
    proclab::freeze_support();
    proclab::Barrier barrier(3); // 3 parties, but only 2 processes will wait
    proclab::Process p1(meet, barrier), p2(meet, barrier);
    p1.set_name("p1");
    p2.set_name("p2");
    p1.set_daemon(true);
    p2.set_daemon(true);
    p1.start();
    p2.start();
    sleep_s(1);      // the third party never comes: give up after a second
    barrier.abort(); // breaks the barrier: every wait(), now or later, raises BrokenBarrierError
    p1.join(std::chrono::seconds(2));
    p2.join(std::chrono::seconds(2));
    std::printf("still running: %d %d\n", p1.is_alive(), p2.is_alive());
}
