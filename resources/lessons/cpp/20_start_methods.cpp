#include <proclab/proclab.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <time.h>
#include <unistd.h>

long long now_ns()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts); // the same clock in every process
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void probe(long long t0)
{
    std::printf("started after %.2f ms\n", double(now_ns() - t0) / 1e6);
}
PROCLAB_TASK(probe);

int main()
{
    proclab::freeze_support();
    using M = proclab::StartMethod;
    for (M method : {M::Fork, M::Spawn, M::ForkServer, M::ForkServer}) { // the second: the server is running
        std::printf("%s: ", std::string(proclab::to_string(method)).c_str());
        std::fflush(stdout);
        proclab::Process p(probe, now_ns());
        p.set_start_method(method);
        p.start();
        p.join();
    }
}
