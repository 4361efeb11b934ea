// A tiny MPI program for the window's Run with MPI: under `mpirun -np N` rank 0 maps a task over
// the other ranks with the MPI pool and prints one line per item, in order: "item X on HOST:RANK".
// Each task takes ARGV[2] ms (default 300), so that the ranks are seen working before they end.
//   mpirun -np 2 -x PROCLAB_SESSION helper_mpi_map [ITEMS [MS]]
#include <proclab/mpi.h>
#include <proclab/process.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <tuple>
#include <unistd.h>
#include <vector>

namespace {

std::string where(int x, int ms)
{
    ::usleep(useconds_t(ms) * 1000);
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    return "item " + std::to_string(x) + " on " + host + ":" + std::to_string(proclab::mpi::world_rank());
}
PROCLAB_TASK(where);

} // namespace

int main(int argc, char** argv)
{
    proclab::freeze_support(); // the worker ranks serve the pool from here
    const int items = argc > 1 ? std::atoi(argv[1]) : 4;
    const int ms = argc > 2 ? std::atoi(argv[2]) : 300;
    std::vector<std::tuple<int, int>> args;
    args.reserve(std::size_t(items > 0 ? items : 0));
    for (int i = 0; i < items; ++i)
        args.emplace_back(i, ms);
    proclab::Pool pool({.backend = proclab::mpi::backend});
    for (const std::string& line : pool.starmap(where, args))
        std::printf("%s\n", line.c_str());
    std::fflush(stdout);
    pool.close();
    pool.join();
}
