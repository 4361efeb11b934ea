#include <proclab/mpi.h>
#include <proclab/proclab.h>

#include <cstdio>
#include <string>
#include <unistd.h>
#include <vector>

// How many primes are below n (CPU work, no sleeping), and where it was counted.
std::string count_primes(int n)
{
    int count = 0;
    for (int k = 2; k < n; ++k) {
        bool prime = true;
        for (int d = 2; d * d <= k && prime; ++d)
            prime = k % d != 0;
        count += prime ? 1 : 0;
    }
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    const int rank = proclab::mpi::world_rank(); // MPI.COMM_WORLD.Get_rank()
    return "primes below " + std::to_string(n) + ": " + std::to_string(count) + " (rank " + std::to_string(rank) +
           " on " + host + ")";
}
PROCLAB_TASK(count_primes);

int main()
{
    proclab::freeze_support(); // a worker rank serves the pool from here and never returns
    proclab::Pool pool({.processes = 2, .backend = proclab::mpi::backend});
    std::vector<int> ns = {100, 1000, 10000, 50000};
    for (const std::string& line : pool.map(count_primes, ns))
        std::printf("%s\n", line.c_str());
    pool.close();
    pool.join();
}
