// proclab-cli: the terminal front end of the session registry (see proclab/cli.h).
#include <proclab/cli/cli.h>
#include <proclab/process.h>

#include <cstdlib>
#include <iostream>

int main(int argc, char** argv)
{
    // `run`: lessons may spawn this program as a worker host or fork server. Otherwise proclab-cli
    // only observes: it does not join the session named by PROCLAB_SESSION as one of its processes.
    // A lesson's MPI pool spawns this program, without arguments, as its worker ranks (Open MPI
    // sets OMPI_COMM_WORLD_SIZE for them): they serve the pool from freeze_support().
    if (std::getenv("PROCLAB_SPAWN_FD") || std::getenv("PROCLAB_FORKSERVER_FD") ||
        (argc == 1 && std::getenv("OMPI_COMM_WORLD_SIZE")))
        proclab::freeze_support();
    return proclab::cli_main(argc, argv, std::cout, std::cerr);
}
