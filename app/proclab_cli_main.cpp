// proclab-cli: the terminal front end of the session registry (see proclab/cli.h).
#include <proclab/cli.h>

#include <iostream>

int main(int argc, char** argv)
{
    return proclab::cli_main(argc, argv, std::cout, std::cerr);
}
