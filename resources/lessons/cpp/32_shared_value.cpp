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
void work(const proclab::Value<int>& shared_v, const proclab::Array<double>& shared_a)
{
    proclab::Value<int> v = shared_v;
    proclab::Array<double> a = shared_a;
    v.store(10);
    for (double& x : a)
        x = x * 2;
}
PROCLAB_TASK(work);

int main()
{
    proclab::freeze_support();
    proclab::Value<int> v(100);              // an int in shared memory
    proclab::Array<double> a{1.0, 2.0, 3.0}; // three doubles in shared memory
    proclab::Process p(work, v, a);
    p.start();
    p.join();
    std::printf("v.value = %d\n", v.load()); // 10: the child wrote shared memory
    std::printf("a[:] = [%.1f, %.1f, %.1f]\n", a[0], a[1], a[2]);
}
