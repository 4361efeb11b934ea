#include <proclab/proclab.h>

#include <arpa/inet.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

void server(const proclab::Queue<int>& ports, int connections)
{
    const int s = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(s, 8);
    getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len);
    proclab::Queue<int>(ports).put(ntohs(addr.sin_port));
    std::vector<proclab::Process> handlers;
    for (int i = 0; i < connections; ++i) {
        const int conn = accept(s, nullptr, nullptr);
        handlers.emplace_back([conn] { // one process per connection
            char buf[1024];
            const ssize_t n = read(conn, buf, sizeof buf);
            std::printf("handler %d echoes: %.*s", int(getpid()), int(n), buf);
            std::fflush(stdout);
            [[maybe_unused]] ssize_t w = write(conn, buf, size_t(n));
            close(conn);
        });
        handlers.back().start();
        close(conn);
    }
    for (auto& h : handlers)
        h.join();
}
PROCLAB_TASK(server);

void client(int port, const std::string& message)
{
    const int c = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(uint16_t(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connect(c, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    const std::string line = message + "\n";
    [[maybe_unused]] ssize_t w = write(c, line.data(), line.size());
    char buf[1024];
    const ssize_t n = read(c, buf, sizeof buf);
    std::printf("client got back: %.*s", int(n), buf);
    close(c);
}
PROCLAB_TASK(client);

int main()
{
    proclab::freeze_support();
    proclab::Queue<int> ports;
    proclab::Process srv(server, ports, 2);
    srv.start();
    const int port = ports.get();
    for (const char* message : {"hello", "world"}) {
        proclab::Process c(client, port, std::string(message));
        c.start();
        c.join();
    }
    srv.join();
}
