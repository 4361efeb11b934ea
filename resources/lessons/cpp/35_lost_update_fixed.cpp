#include <proclab/proclab.h>

#include <cstdio>
#include <mutex>

void add(const proclab::Value<int>& shared, int times)
{
    proclab::Value<int> v = shared;
    for (int i = 0; i < times; ++i) {
        std::lock_guard guard(v.get_lock()); // the read and the write together: nobody gets in between
        v.store(v.load() + 1);
    }
}
PROCLAB_TASK(add);

int main()
{
    proclab::freeze_support();
    proclab::Value<int> v(0);
    proclab::Process p1(add, v, 100), p2(add, v, 100);
    p1.set_name("p1");
    p2.set_name("p2");
    p1.start();
    p2.start();
    p1.join();
    p2.join();
    std::printf("v.value = %d\n", v.load()); // always 200
}
