// proclab-cli: the terminal front end of the session registry (see proclab/cli.h).
#include <proclab/cli/cli.h>
#include <proclab/process.h>

#include <cstdlib>
#include <iostream>

int main(int argc, char** argv)
{
    // `run`: lessons may spawn this program as a worker host or fork server. Otherwise proclab-cli
    // only observes: it does not join the session named by PROCLAB_SESSION as one of its processes.
    if (std::getenv("PROCLAB_SPAWN_FD") || std::getenv("PROCLAB_FORKSERVER_FD"))
        proclab::freeze_support();
    return proclab::cli_main(argc, argv, std::cout, std::cerr);
}
