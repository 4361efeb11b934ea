#include <proclab/proclab.h>

#include <chrono>
#include <cstdio>

void produce(const proclab::Queue<int>& queue, int n)
{
    proclab::Queue<int> q = queue;
    for (int i = 1; i <= n; ++i) {
        std::printf("producer puts %d\n", i);
        std::fflush(stdout);
        q.put(i); // waits while the queue is full
    }
    std::printf("producer done\n");
}
PROCLAB_TASK(produce);

int main()
{
    proclab::freeze_support();
    proclab::Queue<int> q(2); // holds at most 2 items
    proclab::Process p(produce, q, 3);
    p.set_name("producer");
    p.start();
    p.join(std::chrono::seconds(2)); // join first: the producer waits for room, nobody gets
    std::printf("still running: %d\n", p.is_alive());
    for (int i = 0; i < 3; ++i)
        std::printf("main got %d\n", q.get()); // then get: too late, join has waited in vain
}
