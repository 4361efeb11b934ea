// A ProcLab program started by hand with PROCLAB_SESSION=<name>: it must appear in the session.
// It names itself, creates a queue, prints "ready <pid> <queue name>" and blocks in get() until
// it receives a message (or is killed); then it exits with the message as its exit code.
#include <proclab/process.h>
#include <proclab/queue.h>

#include <cstdio>
#include <unistd.h>

int main()
{
    proclab::freeze_support(); // attaches to $PROCLAB_SESSION
    proclab::Queue<int> q;
    std::printf("ready %d %s\n", static_cast<int>(getpid()), q.name().c_str());
    std::fflush(stdout);
    return q.get();
}
