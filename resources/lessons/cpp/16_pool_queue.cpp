#include <proclab/proclab.h>

#include <algorithm>
#include <cstdio>
#include <tuple>
#include <vector>

int worker(const proclab::Queue<int>& q, int n)
{
    proclab::Queue<int>(q).put(n + 100); // q arrived as its name and was opened here
    return n;
}
PROCLAB_TASK(worker);

int manager_worker(const proclab::QueueProxy<int>& q, int n)
{
    q.put(n + 100); // a proxy: the put runs in the manager process
    return n;
}
PROCLAB_TASK(manager_worker);

int main()
{
    proclab::freeze_support();
    proclab::Manager m; // started first, as in the Python program
    proclab::Queue<int> q;
    {
        proclab::Pool pool({.processes = 4});
        auto r = pool.apply_async(worker, q, 1);
        std::printf("apply_async returned; no error so far\n");
        r.get(); // Python: RuntimeError here; ProcLab: the queue went by name
        std::printf("got %d from the named Queue\n", q.get());
    }
    // The Python fix works too: a Manager queue, passed as a proxy.
    auto mq = m.Queue<int>();
    {
        proclab::Pool pool({.processes = 4});
        std::vector<std::tuple<proclab::QueueProxy<int>, int>> args;
        for (int n = 0; n < 5; ++n)
            args.emplace_back(mq, n);
        pool.starmap(manager_worker, args);
    }
    std::vector<int> got;
    for (int i = 0; i < 5; ++i)
        got.push_back(mq.get());
    std::sort(got.begin(), got.end());
    for (int v : got)
        std::printf("%d ", v);
    std::printf("\n");
}
