// proclab-cli: the terminal front end of the session registry (see proclab/cli.h).
#include <proclab/cli/cli.h>
#include <proclab/process.h>

#include <iostream>

int main(int argc, char** argv)
{
    proclab::freeze_support(); // `run`: lessons may spawn this program as a worker host
    return proclab::cli_main(argc, argv, std::cout, std::cerr);
}
