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
// C++ has no finally: a destructor plays it (RAII).
struct Finally {
    proclab::Lock& lock;
    ~Finally()
    {
        lock.release();
        std::printf("finally: released the lock\n"); // not after terminate()
    }
};

void hold(const proclab::Lock& shared)
{
    proclab::Lock lock = shared;
    lock.acquire();
    Finally f{lock};
    std::printf("child holds the lock\n");
    std::fflush(stdout);
    sleep_s(10);
}
PROCLAB_TASK(hold);

int main()
{
    proclab::freeze_support();
    proclab::Lock lock;
    proclab::Process p(hold, lock);
    p.start();
    sleep_s(1);
    p.terminate(); // SIGTERM: the child dies where it is
    p.join();
    std::printf("exitcode %d\n", *p.exitcode());
    const bool got = lock.acquire(std::chrono::seconds(1)); // true: the dead holder's lock is taken over
    std::printf("acquire(timeout=1): %s, previous_owner_died: %s\n", got ? "True" : "False",
                lock.previous_owner_died() ? "True" : "False");
    if (got)
        lock.release();
}
