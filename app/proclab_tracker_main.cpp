// proclab-tracker: started by every ProcLab program, it removes the program's shared objects
// right after the program ends, however it ends (see proclab/debris.h).
#include <proclab/detail/tracker_main.h>

int main(int argc, char** argv)
{
    return proclab::detail::tracker_main(argc, argv);
}
