#include <proclab/process.h>

#include <cstdio>

int main()
{
    // In a process created by Spawn this runs the requested task and exits; it never returns.
    proclab::freeze_support();

    std::fputs("proclab-worker hosts tasks for Spawn; it is not run by hand\n", stderr);
    return 2;
}
