#include <proclab/proclab.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <unistd.h>

void grandchild(double seconds)
{
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
}
PROCLAB_TASK(grandchild);

void middle(const proclab::Queue<int>& q, double seconds)
{
    proclab::Process g(grandchild, seconds);
    g.start();
    proclab::Queue<int>(q).put(int(g.pid()));
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
}
PROCLAB_TASK(middle);

// Where the grandchild is now: its parent and state, from /proc (Python: ps -o pid,ppid,stat).
void show(const char* what, int pid)
{
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line, state = "gone", ppid;
    while (std::getline(status, line)) {
        if (line.rfind("State:", 0) == 0)
            state = line.substr(7);
        if (line.rfind("PPid:", 0) == 0)
            ppid = line.substr(6);
    }
    std::printf("%s %d: %s%s%s\n", what, pid, state.c_str(), ppid.empty() ? "" : ", parent ", ppid.c_str());
    if (!ppid.empty() && std::stoi(ppid) == getpid())
        std::printf("  re-parented to this program (pid %d), the subreaper\n", int(getpid()));
    while (::kill(pid, 0) == 0) { // killed with its parent (PDEATHSIG): wait until we reaped it
        proclab::active_children();
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    std::printf("%s %d: gone\n", what, pid);
}

int main()
{
    proclab::freeze_support();
    proclab::Queue<int> q;
    proclab::Process m(middle, q, 30.0);
    m.start();
    const int gc = q.get();
    m.terminate();
    m.join();
    show("grandchild", gc);
    proclab::Process m2(middle, q, 30.0);
    m2.start();
    const int gc2 = q.get();
    std::printf("kill_tree: %d processes\n", m2.kill_tree());
    m2.join();
    show("grandchild", gc2);
    std::printf("middle exitcode %d\n", *m2.exitcode());
}
