#include <proclab/proclab.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <thread>
#include <unistd.h>
#include <vector>

// std::nullopt plays Python's None: the sentinel.
using Results = proclab::Queue<std::optional<int>>;

void worker(const Results& q, int n)
{
    Results(q).put(n + 100);
    Results(q).put(std::nullopt); // the sentinel: this worker is done
}
PROCLAB_TASK(worker);

int main()
{
    proclab::freeze_support();
    Results q;
    std::vector<proclab::Process> ps;
    for (int n = 0; n < 5; ++n)
        ps.emplace_back(worker, q, n);
    for (auto& p : ps)
        p.start();
    std::size_t done = 0;
    while (done < ps.size()) { // until one sentinel per worker
        const std::optional<int> item = q.get();
        if (!item)
            ++done;
        else
            std::printf("got %d\n", *item);
    }
    for (auto& p : ps)
        p.join();
}
