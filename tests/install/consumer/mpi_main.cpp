// Uses the installed proclab::mpi: a map on two spawned MPI workers, one option apart from a local
// pool.
#include <proclab/mpi.h>
#include <proclab/proclab.h>

#include <cstdio>
#include <vector>

namespace {

int square(int x)
{
    return x * x;
}

} // namespace

PROCLAB_TASK(square);

int main()
{
    proclab::freeze_support(); // the spawned workers serve from here

    proclab::Pool pool({.processes = 2, .backend = proclab::mpi::backend});
    const std::vector<int> squares = pool.map(square, std::vector<int>{1, 2, 3, 4});
    pool.close();
    pool.join();
    if (squares != std::vector<int>{1, 4, 9, 16}) {
        std::fputs("consumer_mpi: wrong results\n", stderr);
        return 1;
    }
    std::puts("consumer_mpi ok");
    return 0;
}
