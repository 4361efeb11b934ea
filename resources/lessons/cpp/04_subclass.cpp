#include <proclab/proclab.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <unistd.h>

// The C++ counterpart of a Process subclass: an object whose call operator is run().
struct MyProcess {
    double seconds;
    void operator()() const // run()
    {
        const proclab::ProcessInfo me = proclab::current_process();
        std::printf("I am %s, pid %d, parent pid %d\n", me.name.c_str(), int(me.pid),
                    int(proclab::parent_process()->pid));
    }
};

int main()
{
    proclab::freeze_support();
    std::printf("main pid %d\n", int(getpid()));
    proclab::Process p(MyProcess{0.5});
    p.start();
    p.join();
}
