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
#include <vector>

void worker(const proclab::JoinableQueue<int>& shared)
{
    proclab::JoinableQueue<int> q = shared;
    for (;;) {
        const int item = q.get();
        std::printf("working on %d\n", item);
        std::fflush(stdout);
        sleep_s(0.2);
        q.task_done(); // this item is finished
    }
}
PROCLAB_TASK(worker);

int main()
{
    proclab::freeze_support();
    proclab::JoinableQueue<int> q;
    std::vector<proclab::Process> workers;
    for (int i = 0; i < 2; ++i) {
        workers.emplace_back(worker, q);
        workers.back().set_daemon(true);
        workers.back().start();
    }
    const auto t0 = std::chrono::steady_clock::now();
    for (int item = 0; item < 6; ++item)
        q.put(item);
    q.join(); // until task_done() was called for every item
    std::printf("all 6 items done after %.2f s\n",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
}
