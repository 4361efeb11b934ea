#include <proclab/proclab.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <unistd.h>
#include <vector>

void worker(int n)
{
    std::printf("worker %d says hello from pid %d\n", n, int(getpid()));
}
PROCLAB_TASK(worker);

int main()
{
    proclab::freeze_support();
    std::vector<proclab::Process> workers;
    for (int i = 0; i < 5; ++i) {
        workers.emplace_back(worker, i);
        workers.back().start();
    }
    std::printf("main is done starting workers\n");
    std::fflush(stdout);
    // As in Python, main() returning joins the non-daemon children.
}
