#pragma once
// Real small sessions for the plot tests and the screenshots: each runs real processes under a
// fresh session, ticks a LiveSource by hand (as SessionFeed's timer would) and returns the frames.
//   pool:              a Pool of 2 running 20 tasks (one raises, one kills its worker: lost)
//   producer/consumer: a producer faster than its consumer through a Queue of maxsize 5
//   deadlock:          two processes taking two locks in opposite orders
//   family:            a parent with a daemon child and a joined child; a child never joined
// Include from exactly one translation unit per executable (it registers tasks).

#include "controllers/session_feed.h"
#include "sync_test_support.h"
#include "test_main.h"
#include "test_support.h"

#include <proclab/proclab.h>
#include <proclab/session.h>

#include <QApplication>
#include <QTest>

#include <cstring>
#include <numeric>
#include <thread>

namespace plotstest {

using namespace std::chrono_literals;

inline int slow_square(int x)
{
    std::this_thread::sleep_for(std::chrono::milliseconds(15 + (x * 7) % 40));
    if (x == 13)
        throw std::runtime_error("13 is unlucky");
    if (x == 17)
        std::_Exit(3); // the worker dies mid-task: the pool reports the task lost
    return x * x;
}

inline void produce(const proclab::Queue<int>& queue, int n)
{
    proclab::Queue<int> q = queue;
    for (int i = 0; i < n; ++i) {
        q.put(i);
        std::this_thread::sleep_for(4ms);
    }
    q.put(-1);
}

inline void consume(const proclab::Queue<int>& queue)
{
    proclab::Queue<int> q = queue;
    while (q.get() >= 0)
        std::this_thread::sleep_for(12ms);
}

inline void hold_then_take(const proclab::Lock& first, const proclab::Lock& second, const proclab::Event& holding,
                           const proclab::Event& go)
{
    proclab::Lock a = first, b = second;
    a.acquire();
    proclab::Event(holding).set();
    proclab::Event(go).wait();
    b.acquire(); // never returns when the peer holds `second` and waits for `first`
}

inline void nap(int ms)
{
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

inline void parent_with_daemon()
{
    proclab::Process daemon([] { ptest::wait_forever(); });
    daemon.set_name("daemon-child");
    daemon.set_daemon(true);
    daemon.start();
    proclab::Process worker([] { nap(250); });
    worker.set_name("joined-child");
    worker.start();
    worker.join(); // the parent waits in join(pid) until the child ends
    nap(80);
    // Returning ends the parent: its daemon child is terminated with it.
}

/// Ticks `source` every `period` while `busy()` holds (at most `limit`), collecting frames.
template <class Busy>
void tickWhile(LiveSource& source, std::vector<FeedFrame>& frames, Busy busy, std::chrono::milliseconds period = 25ms,
               std::chrono::milliseconds limit = 20s)
{
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (busy() && std::chrono::steady_clock::now() < deadline) {
        frames.push_back(source.next());
        std::this_thread::sleep_for(period);
    }
    frames.push_back(source.next());
}

inline std::vector<FeedFrame> runPool()
{
    std::vector<FeedFrame> frames;
    LiveSource source(proclab::Session::create(LeakCheckedTest::uniqueName("pool")));
    frames.push_back(source.next());
    {
        proclab::Pool pool({.processes = 2});
        std::vector<proclab::AsyncResult<int>> results;
        for (int i = 0; i < 20; ++i)
            results.push_back(pool.apply_async(slow_square, i));
        tickWhile(source, frames, [&] {
            for (auto& r : results)
                if (!r.ready())
                    return true;
            return false;
        });
        for (auto& r : results) {
            try {
                r.get();
            } catch (const proclab::Error&) {
            }
        }
        pool.close();
        pool.join();
        frames.push_back(source.next());
    }
    frames.push_back(source.next());
    proclab::Session::detach();
    return frames;
}

inline std::vector<FeedFrame> runProducerConsumer()
{
    std::vector<FeedFrame> frames;
    LiveSource source(proclab::Session::create(LeakCheckedTest::uniqueName("queue")));
    {
        proclab::Queue<int> q(5);
        frames.push_back(source.next());
        proclab::Process producer(produce, q, 40);
        producer.set_name("producer");
        proclab::Process consumer(consume, q);
        consumer.set_name("consumer");
        producer.start();
        consumer.start();
        tickWhile(source, frames, [&] { return producer.is_alive() || consumer.is_alive(); });
        producer.join();
        consumer.join();
        frames.push_back(source.next());
    }
    proclab::Session::detach();
    return frames;
}

inline std::vector<FeedFrame> runDeadlock()
{
    std::vector<FeedFrame> frames;
    LiveSource source(proclab::Session::create(LeakCheckedTest::uniqueName("deadlock")));
    {
        proclab::Lock a, b;
        proclab::Event aHeld, bHeld, go;
        proclab::Process p1(hold_then_take, a, b, aHeld, go);
        p1.set_name("takes-a-then-b");
        proclab::Process p2(hold_then_take, b, a, bHeld, go);
        p2.set_name("takes-b-then-a");
        p1.start();
        p2.start();
        aHeld.wait(10s);
        bHeld.wait(10s);
        frames.push_back(source.next());
        go.set();
        int cycleFrames = 0;
        tickWhile(source, frames, [&] {
            if (!frames.empty() && !proclab::Session::wait_for_graph(frames.back().snapshot).cycles.empty())
                ++cycleFrames;
            return cycleFrames < 3;
        });
        p1.kill();
        p2.kill();
        p1.join();
        p2.join();
    }
    proclab::Session::detach();
    return frames;
}

inline std::vector<FeedFrame> runFamily()
{
    std::vector<FeedFrame> frames;
    LiveSource source(proclab::Session::create(LeakCheckedTest::uniqueName("family")));
    {
        frames.push_back(source.next());
        proclab::Process parent([] { parent_with_daemon(); });
        parent.set_name("parent");
        proclab::Process quick([] { nap(60); });
        quick.set_name("never-joined");
        parent.start();
        quick.start();
        tickWhile(source, frames, [&] { return parent.is_alive(); });
        tickWhile(source, frames, [] { return false; });
        // `quick` ended long ago and nobody joined it yet: that is what the view marks.
        parent.join();
        std::this_thread::sleep_for(100ms);
        frames.push_back(source.next());
        quick.join();
    }
    proclab::Session::detach();
    return frames;
}

inline void burn_and_grow(int ms)
{
    // Busy for `ms` milliseconds while its memory grows by about 60 MiB: CPU and RSS to look at.
    std::vector<std::vector<char>> blocks;
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    volatile double x = 0;
    while (std::chrono::steady_clock::now() < end) {
        for (int i = 0; i < 200000; ++i)
            x = x + i * 0.5;
        if (blocks.size() < 60) {
            blocks.emplace_back(1 << 20, char(1));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(blocks.size() % 3 == 0 ? 6 : 1));
    }
}

/// A process busy for a while, its memory growing (sampled every 50 ms).
inline std::vector<FeedFrame> runBusy()
{
    std::vector<FeedFrame> frames;
    LiveSource source(proclab::Session::create(LeakCheckedTest::uniqueName("busy")));
    {
        frames.push_back(source.next());
        proclab::Process busy([] { burn_and_grow(1500); });
        busy.set_name("busy-worker");
        busy.start();
        tickWhile(
            source, frames, [&] { return busy.is_alive(); }, 50ms);
        busy.join();
    }
    proclab::Session::detach();
    return frames;
}

/// The last frame that satisfies `pred`, or the last frame.
template <class Pred>
const FeedFrame& lastWhere(const std::vector<FeedFrame>& frames, Pred pred)
{
    for (auto it = frames.rbegin(); it != frames.rend(); ++it)
        if (pred(*it))
            return *it;
    return frames.back();
}

} // namespace plotstest

PROCLAB_TASK(plotstest::slow_square);
