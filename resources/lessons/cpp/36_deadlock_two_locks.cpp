#include <proclab/proclab.h>

#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

void take(const proclab::Lock& first_lock, const proclab::Lock& second_lock, const std::string& name)
{
    proclab::Lock first = first_lock, second = second_lock;
    std::lock_guard g1(first);
    std::lock_guard g2(second); // waits here while the other process holds `second`
    std::printf("%s holds both locks\n", name.c_str());
}
PROCLAB_TASK(take);

int main()
{
    proclab::freeze_support();
    proclab::Lock a, b;
    proclab::Process p1(take, a, b, std::string("p1")), p2(take, b, a, std::string("p2")); // the other order
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
