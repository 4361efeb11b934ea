#include <proclab/tasks/builtin_tasks.h>

#include <proclab/errors.h>
#include <proclab/lock.h>
#include <proclab/process.h>
#include <proclab/queue.h>
#include <proclab/task.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <thread>
#include <vector>

namespace proclab::builtin {

namespace {

using Clock = std::chrono::steady_clock;

std::chrono::nanoseconds to_duration(double seconds)
{
    return std::chrono::nanoseconds(static_cast<long long>(seconds > 0 ? seconds * 1e9 : 0));
}

void redirect(const std::string& path, int target)
{
    // O_WRONLY on a FIFO whose reader is open returns at once; O_APPEND keeps restarts' output.
    int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0)
        throw Error("cannot open " + path + ": " + std::strerror(errno));
    ::dup2(fd, target);
    ::close(fd);
}

} // namespace

void capture_output(const std::string& capture)
{
    if (capture.empty())
        return;
    std::fflush(stdout);
    std::fflush(stderr);
    redirect(capture + ".out", STDOUT_FILENO);
    redirect(capture + ".err", STDERR_FILENO);
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // lines appear as they are printed
}

// The tasks' signatures are the public header's: strings by value, as a task's arguments arrive.
// NOLINTBEGIN(performance-unnecessary-value-param)
void task_sleep(std::string capture, double seconds)
{
    capture_output(capture);
    std::printf("sleeping %.1f s\n", seconds);
    std::this_thread::sleep_for(to_duration(seconds));
    std::printf("done\n");
    std::fflush(stdout);
}

void task_busy_cpu(std::string capture, double seconds)
{
    capture_output(capture);
    std::printf("busy for %.1f s\n", seconds);
    const auto end = Clock::now() + to_duration(seconds);
    volatile unsigned long long x = 0;
    while (Clock::now() < end)
        for (int i = 0; i < 100000; ++i)
            x = x + static_cast<unsigned long long>(i);
    std::printf("done\n");
    std::fflush(stdout);
}

void task_print_lines(std::string capture, int count, double interval, int stderr_every)
{
    capture_output(capture);
    if (interval <= 0)
        std::setvbuf(stdout, nullptr, _IOFBF, 1 << 16); // full speed: big writes
    for (int i = 1; i <= count; ++i) {
        if (stderr_every > 0 && i % stderr_every == 0)
            std::fprintf(stderr, "line %d (stderr)\n", i);
        else
            std::printf("line %d\n", i);
        if (interval > 0)
            std::this_thread::sleep_for(to_duration(interval));
    }
    std::fflush(stdout);
}

void task_produce(std::string capture, std::string queue, int count, double interval)
{
    capture_output(capture);
    auto q = Queue<std::string>::open(queue);
    for (int i = 1; i <= count; ++i) {
        q.put("item " + std::to_string(i));
        std::printf("put item %d\n", i);
        if (interval > 0)
            std::this_thread::sleep_for(to_duration(interval));
    }
    std::fflush(stdout);
}

void task_consume(std::string capture, std::string queue, int count, double timeout)
{
    capture_output(capture);
    auto q = Queue<std::string>::open(queue);
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(to_duration(timeout > 0 ? timeout : 5));
    for (int i = 0; count <= 0 || i < count; ++i) {
        try {
            std::string item = count > 0 ? q.get() : q.get(wait);
            std::printf("got %s\n", item.c_str());
        } catch (const Empty&) {
            std::printf("queue empty for %.1f s: done\n", timeout);
            break;
        }
    }
    std::fflush(stdout);
}

void task_hold_lock(std::string capture, std::string lock, double seconds)
{
    capture_output(capture);
    auto l = Lock::open(lock);
    std::printf("acquiring %s\n", lock.c_str());
    std::fflush(stdout);
    l.acquire();
    std::printf("holding it for %.1f s\n", seconds);
    std::fflush(stdout);
    std::this_thread::sleep_for(to_duration(seconds));
    l.release();
    std::printf("released\n");
    std::fflush(stdout);
}

void task_fail(std::string capture, std::string message)
{
    capture_output(capture);
    std::printf("about to fail\n");
    std::fflush(stdout);
    throw std::runtime_error(message);
}

void task_crash(std::string capture, int sig)
{
    capture_output(capture);
    std::printf("raising signal %d (%s)\n", sig, strsignal(sig));
    std::fflush(stdout);
    std::signal(sig, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, nullptr);
    std::raise(sig);
    _exit(128 + sig); // a signal whose default action is to continue
}

void task_spawn_children(std::string capture, int count, double seconds)
{
    capture_output(capture);
    std::vector<Process> children;
    for (int i = 0; i < count; ++i) {
        Process p(task_sleep, std::string(), seconds); // inherits the captured streams
        p.set_name("child-" + std::to_string(i + 1));
        p.set_start_method(StartMethod::Fork); // this worker is single-threaded: a plain tree

        p.start();
        std::printf("started child %d (pid %d)\n", i + 1, static_cast<int>(p.pid()));
        children.push_back(std::move(p));
    }
    std::fflush(stdout);
    for (auto& p : children)
        p.join();
    std::printf("all children joined\n");
    std::fflush(stdout);
}

void task_echo_server(std::string capture, int port, double seconds)
{
    capture_output(capture);
    int s = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        throw Error(std::string("socket: ") + std::strerror(errno));
    int one = 1;
    ::setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(s, 16) != 0)
        throw Error("cannot listen on 127.0.0.1:" + std::to_string(port) + ": " + std::strerror(errno));
    socklen_t len = sizeof addr;
    ::getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len);
    std::printf("echo server listening on 127.0.0.1:%d\n", ntohs(addr.sin_port));
    std::fflush(stdout);

    const bool forever = seconds <= 0;
    const auto end = Clock::now() + to_duration(seconds);
    std::vector<pollfd> fds{{s, POLLIN, 0}};
    while (forever || Clock::now() < end) {
        if (::poll(fds.data(), fds.size(), 200) <= 0)
            continue;
        for (std::size_t i = fds.size(); i-- > 0;) {
            if (!fds[i].revents)
                continue;
            if (fds[i].fd == s) {
                int c = ::accept4(s, nullptr, nullptr, SOCK_CLOEXEC);
                if (c >= 0) {
                    std::printf("client connected\n");
                    fds.push_back({c, POLLIN, 0});
                }
                continue;
            }
            char buf[4096];
            ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
            if (n <= 0 || ::write(fds[i].fd, buf, static_cast<size_t>(n)) != n) {
                ::close(fds[i].fd);
                fds.erase(fds.begin() + static_cast<long>(i));
                std::printf("client disconnected\n");
            }
        }
        std::fflush(stdout);
    }
    for (auto& p : fds)
        ::close(p.fd);
}
// NOLINTEND(performance-unnecessary-value-param)

PROCLAB_TASK(task_sleep);
PROCLAB_TASK(task_busy_cpu);
PROCLAB_TASK(task_print_lines);
PROCLAB_TASK(task_produce);
PROCLAB_TASK(task_consume);
PROCLAB_TASK(task_hold_lock);
PROCLAB_TASK(task_fail);
PROCLAB_TASK(task_crash);
PROCLAB_TASK(task_spawn_children);
PROCLAB_TASK(task_echo_server);

} // namespace proclab::builtin
