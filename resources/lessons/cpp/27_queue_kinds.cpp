#include <proclab/proclab.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <unistd.h>

// The tests run lessons faster: every sleep is divided by $PROCLAB_LESSON_SPEED (default 1).
double speed()
{
    const char* s = std::getenv("PROCLAB_LESSON_SPEED");
    return s ? std::atof(s) : 1.0;
}
void sleep_s(double s)
{
    std::this_thread::sleep_for(std::chrono::duration<double>(s / speed()));
}
#include <deque>
#include <string>

std::deque<std::string> tq; // an ordinary in-process queue, like queue.Queue

void put_local()
{
    tq.push_back("hello");
}
PROCLAB_TASK(put_local);

void put_one(const proclab::Queue<std::string>& q)
{
    proclab::Queue<std::string>(q).put("hello");
}
PROCLAB_TASK(put_one);

int main()
{
    proclab::freeze_support();
    proclab::Process p(put_local);
    p.start();
    p.join();
    std::printf("queue.Queue after the child's put: %zu\n", tq.size()); // 0
    proclab::Queue<std::string> q(2);                                   // between processes
    proclab::Process p2(put_one, q);
    p2.start();
    p2.join();
    std::printf("multiprocessing.Queue after the child's put: %zu\n", q.qsize()); // 1
    q.put_nowait("world");
    try {
        q.put_nowait("!"); // full: raises at once instead of waiting
    } catch (const proclab::Full&) {
        std::printf("put_nowait on a full queue: queue.Full\n");
    }
    const std::string first = q.get();
    std::printf("%s %s\n", first.c_str(), q.get().c_str()); // first in, first out
}
