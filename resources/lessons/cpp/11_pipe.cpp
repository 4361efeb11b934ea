#include <proclab/proclab.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

int main()
{
    proclab::freeze_support();
    auto [recv_end, send_end] = proclab::Pipe<std::string>(/*duplex=*/false);
    std::vector<proclab::Process> ps;
    for (int n = 0; n < 5; ++n) // a Pipe end is inherited by a forked child: a lambda uses it
        ps.emplace_back([&conn = send_end, n] {
            conn.send("hello from worker " + std::to_string(n) + " (pid " + std::to_string(getpid()) + ")");
        });
    for (auto& p : ps)
        p.start();
    for (int i = 0; i < 5; ++i)
        std::printf("%s\n", recv_end.recv().c_str());
    for (auto& p : ps)
        p.join();
    auto [a, b] = proclab::Pipe<std::string>(/*duplex=*/true);
    proclab::Process t([&conn = b] {
        conn.send("ping from the child");
        std::printf("%d received: %s\n", int(getpid()), conn.recv().c_str());
    });
    t.start();
    std::printf("parent received: %s\n", a.recv().c_str());
    std::fflush(stdout);
    a.send("pong from the parent");
    t.join();
}
