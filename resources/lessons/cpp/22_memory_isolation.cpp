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
#include <string>
#include <vector>

int x = 100;
std::vector<std::string> results;

void change()
{
    x = 10;
    results.push_back("from the child");
    std::printf("child: x = %d results = %zu item(s)\n", x, results.size());
    std::fflush(stdout);
}
PROCLAB_TASK(change);

int main()
{
    proclab::freeze_support();
    proclab::Process p(change);
    p.start();
    p.join();
    std::printf("main: x = %d results = %zu item(s)\n", x, results.size()); // 100 and 0: untouched
    std::thread t(change);
    t.join();
    std::printf("after a thread: x = %d\n", x); // 10: threads share memory
}
