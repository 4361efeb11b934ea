#include <proclab/proclab.h>

#include <cstdio>

void add(const proclab::Value<int>& shared, int times)
{
    proclab::Value<int> v = shared;
    for (int i = 0; i < times; ++i)
        v.store(v.load() + 1); // a read, then a write: the other process may write in between
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
    std::printf("v.value = %d\n", v.load()); // 200, or less when updates were lost
}
