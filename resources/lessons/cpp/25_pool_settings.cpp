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
#include <set>
#include <string>
#include <tuple>
#include <vector>

std::string TAG; // set in each worker by the initializer

void init(std::string tag)
{
    TAG = tag;
    std::printf("initializer runs in pid %d\n", int(getpid()));
    std::fflush(stdout);
}
PROCLAB_TASK(init);

std::tuple<std::string, int> work(int)
{
    return {TAG, int(getpid())};
}
PROCLAB_TASK(work);

int main()
{
    proclab::freeze_support();
    std::printf("cpu_count: %u\n", proclab::cpu_count());
    {
        proclab::Pool pool; // processes: cpu_count()
        std::printf("Pool() workers: %d\n", pool.processes());
    }
    proclab::PoolOptions options{.processes = 2, .maxtasksperchild = 1};
    options.initializer = {init, std::string("ready")};
    std::vector<std::tuple<std::string, int>> results;
    {
        proclab::Pool pool(options);
        results = pool.map(work, std::vector<int>{0, 1, 2, 3});
    }
    std::set<std::string> tags;
    std::set<int> pids;
    for (const auto& [tag, pid] : results) {
        tags.insert(tag);
        pids.insert(pid);
    }
    std::printf("tags: ['%s']\n", tags.begin()->c_str());
    std::printf("distinct pids: %zu\n", pids.size());
}
