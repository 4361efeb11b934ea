#include <proclab/proclab.h>

#include <chrono>
#include <cstdio>
#include <string>

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
    p1.join(std::chrono::seconds(2));
    p2.join(std::chrono::seconds(2));
    std::printf("still running: %d %d\n", p1.is_alive(), p2.is_alive());
}
