#include <proclab/proclab.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <unistd.h>
#include <string>

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

void show(const char* what, int pid)
{
    std::printf("%s %d: %s\n", what, pid, ::kill(pid, 0) == 0 ? "still running" : "gone");
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
    proclab::active_children(); // reaps the re-parented, killed grandchild
    show("grandchild", gc);
    proclab::Process m2(middle, q, 30.0);
    m2.start();
    const int gc2 = q.get();
    std::printf("kill_tree: %d processes\n", m2.kill_tree());
    m2.join();
    proclab::active_children();
    show("grandchild", gc2);
    std::printf("middle exitcode %d\n", *m2.exitcode());
}
