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
#include <optional>
#include <string>

// std::nullopt plays Python's None: the sentinel that ends the stream.
using Letters = proclab::Queue<std::optional<std::string>>;

void writer(const Letters& q)
{
    for (const char* value : {"A", "B", "C"}) {
        std::printf("writer puts %s\n", value);
        std::fflush(stdout);
        Letters(q).put(std::string(value));
        sleep_s(0.2);
    }
    Letters(q).put(std::nullopt); // the sentinel: no more data
}
PROCLAB_TASK(writer);

void reader(const Letters& q)
{
    Letters in(q);
    while (const auto value = in.get()) { // until the sentinel
        std::printf("reader got %s\n", value->c_str());
        std::fflush(stdout);
    }
}
PROCLAB_TASK(reader);

void producer(const proclab::Queue<int>& q, int count)
{
    for (int i = 1; i <= count; ++i) {
        std::printf("producer puts %d\n", i);
        std::fflush(stdout);
        proclab::Queue<int>(q).put(i); // blocks while the queue is full
    }
}
PROCLAB_TASK(producer);

int main()
{
    proclab::freeze_support();
    Letters q;
    proclab::Process w(writer, q);
    proclab::Process r(reader, q);
    w.start();
    r.start();
    w.join();
    r.join();
    try {
        q.get_nowait();
    } catch (const proclab::Empty&) {
        std::printf("queue.Empty\n");
    }
    proclab::Queue<int> small(2);
    proclab::Process p(producer, small, 5);
    p.start();
    sleep_s(1); // the producer is stuck after 2 items
    for (int i = 0; i < 5; ++i) {
        std::printf("main got %d\n", small.get());
        std::fflush(stdout);
        sleep_s(0.2);
    }
    p.join();
}
