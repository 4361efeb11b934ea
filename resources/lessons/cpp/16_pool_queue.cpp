#include <proclab/proclab.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <unistd.h>
#include <algorithm>
#include <vector>

int worker(const proclab::Queue<int>& q, int n)
{
    proclab::Queue<int>(q).put(n + 100); // q arrived as its name and was opened here
    return n;
}
PROCLAB_TASK(worker);

int main()
{
    proclab::freeze_support();
    proclab::Queue<int> q;
    proclab::Pool pool({.processes = 4});
    std::vector<std::tuple<proclab::Queue<int>, int>> args;
    for (int n = 0; n < 5; ++n)
        args.emplace_back(q, n);
    pool.starmap(worker, args);
    std::vector<int> got;
    for (int i = 0; i < 5; ++i)
        got.push_back(q.get());
    std::sort(got.begin(), got.end());
    for (int v : got)
        std::printf("%d ", v);
    std::printf("\n");
}
