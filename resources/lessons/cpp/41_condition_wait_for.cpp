#include <proclab/proclab.h>

#include <chrono>
#include <cstdio>
#include <mutex>

void waiter(const proclab::Condition& condition, const proclab::Value<int>& flag)
{
    proclab::Condition cond = condition;
    proclab::Value<int> ready = flag;
    std::lock_guard guard(cond);
    std::printf("waiter waits until ready = 1\n");
    std::fflush(stdout);
    cond.wait_for([&] { return ready.load() == 1; }); // checks ready first: no wait when it is set already
    std::printf("waiter goes on, ready = %d\n", ready.load());
}
PROCLAB_TASK(waiter);

void notifier(const proclab::Condition& condition, const proclab::Value<int>& flag)
{
    proclab::Condition cond = condition;
    proclab::Value<int> ready = flag;
    std::lock_guard guard(cond);
    ready.store(1);
    cond.notify(); // wakes a process only if one waits now
    std::printf("notifier set ready = 1 and notified\n");
}
PROCLAB_TASK(notifier);

int main()
{
    proclab::freeze_support();
    proclab::Condition cond;
    proclab::Value<int> ready(0);
    proclab::Process w(waiter, cond, ready), n(notifier, cond, ready);
    w.set_name("waiter");
    n.set_name("notifier");
    w.set_daemon(true);
    n.set_daemon(true);
    w.start();
    n.start();
    w.join(std::chrono::seconds(2));
    n.join(std::chrono::seconds(2));
    std::printf("still running: %d %d\n", w.is_alive(), n.is_alive());
}
