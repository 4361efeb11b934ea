#include <proclab/proclab.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <unistd.h>
#include <vector>

void worker(const proclab::Queue<int>& q, int n)
{
    proclab::Queue<int>(q).put(n + 100);
}
PROCLAB_TASK(worker);

int main()
{
    proclab::freeze_support();
    proclab::Queue<int> q;
    std::vector<proclab::Process> ps;
    for (int n = 0; n < 5; ++n)
        ps.emplace_back(worker, q, n);
    for (auto& p : ps)
        p.start();
    for (int i = 0; i < 5; ++i)
        std::printf("got %d\n", q.get());
    for (auto& p : ps)
        p.join();
}
