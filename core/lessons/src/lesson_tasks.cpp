// The lesson tasks: small workers that lesson steps start by name (see proclab/lesson_tasks.h).
#include <proclab/clock.h>
#include <proclab/lessons/lesson_tasks.h>
#include <proclab/task.h>

#include "lesson_exec.h"
#include "lesson_tasks_sync.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <type_traits>

namespace proclab::lessons {

/// Python's ZeroDivisionError, so that the lesson's error reads as the tutorial's.
struct ZeroDivisionError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

namespace {

std::atomic<double> g_speed{0.0}; // 0: not set yet, read PROCLAB_LESSON_SPEED
int g_channel = -2;               // -2: not set yet, read PROCLAB_LESSON_FD; -1: stdout

// A spawned worker (fork+exec) inherits neither variable: it finds them in its environment.
constexpr const char* kSpeedEnv = "PROCLAB_LESSON_SPEED";
constexpr const char* kChannelEnv = "PROCLAB_LESSON_FD";

std::string me()
{
    const ProcessInfo p = current_process();
    return p.name + " (pid " + std::to_string(p.pid) + ")";
}

} // namespace

void set_speed(double factor)
{
    g_speed = factor > 0 ? factor : 1.0;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", g_speed.load());
    ::setenv(kSpeedEnv, buf, 1);
}

double speed() noexcept
{
    if (g_speed.load() == 0.0) {
        const char* env = std::getenv(kSpeedEnv);
        const double v = env ? std::atof(env) : 0.0;
        g_speed = v > 0 ? v : 1.0;
    }
    return g_speed;
}

void sleep_scaled(double seconds)
{
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds / speed()));
}

void say(const std::string& text)
{
    detail::emit('O', -1, text);
}

namespace detail {

void set_channel(int fd) noexcept
{
    g_channel = fd;
    if (fd >= 0) {
        ::fcntl(fd, F_SETFD, 0); // spawned workers keep it (see kChannelEnv)
        ::setenv(kChannelEnv, std::to_string(fd).c_str(), 1);
    } else {
        ::unsetenv(kChannelEnv);
    }
}

int channel() noexcept
{
    if (g_channel == -2) {
        const char* env = std::getenv(kChannelEnv);
        const int fd = env ? std::atoi(env) : -1;
        g_channel = fd > 2 && ::fcntl(fd, F_GETFD) >= 0 ? fd : -1;
    }
    return g_channel;
}

void emit(char kind, int step, const std::string& text)
{
    std::string clean = text.substr(0, 3000);
    std::replace(clean.begin(), clean.end(), '\n', ' ');
    const int fd = channel();
    if (fd < 0) {
        std::string line = clean + "\n";
        std::fflush(stdout);
        [[maybe_unused]] ssize_t n = ::write(1, line.data(), line.size());
        return;
    }
    // One write of less than PIPE_BUF bytes: records of concurrent writers never interleave.
    const std::string rec = std::string(1, kind) + " " + std::to_string(now_ns()) + " " + std::to_string(::getpid()) +
                            " " + std::to_string(step) + " " + current_process().name + "\t" + clean + "\n";
    while (::write(fd, rec.data(), rec.size()) < 0 && errno == EINTR) {}
}

} // namespace detail

// ---------------------------------------------------------------------------------------------
// The tasks. Sleeps go through sleep_scaled so that a lesson runs at its speed factor.

void print_number(int n)
{
    say("worker " + std::to_string(n) + " says hello from pid " + std::to_string(::getpid()));
}
PROCLAB_TASK(print_number);

void sleep_seconds(double s)
{
    say(me() + " sleeps " + proclab::to_string(LessonValue(s)) + " s");
    sleep_scaled(s);
    say(me() + " woke up after " + proclab::to_string(LessonValue(s)) + " s");
}
PROCLAB_TASK(sleep_seconds);

void show_identity(double s)
{
    const ProcessInfo p = current_process();
    const auto parent = parent_process();
    say("I am " + p.name + ", pid " + std::to_string(p.pid) + ", parent pid " +
        std::to_string(parent ? parent->pid : ::getppid()) + ", daemon " + (p.daemon ? "True" : "False"));
    sleep_scaled(s);
    say(p.name + " finished");
}
PROCLAB_TASK(show_identity);

void raise_error()
{
    say(me() + " raises an exception");
    throw std::runtime_error("something went wrong");
}
PROCLAB_TASK(raise_error);

void start_child()
{
    say(me() + " (daemon " + (current_process().daemon ? "True" : "False") + ") tries to start a child");
    try {
        Process child(sleep_seconds, 0.1);
        child.start();
        child.join();
        say("the child ran");
    } catch (const ProcessError& e) {
        say(std::string("ProcessError: ") + e.what());
        throw;
    }
}
PROCLAB_TASK(start_child);

void spawn_grandchild(const Queue<std::string>& pids, double s)
{
    Process gc(sleep_seconds, s);
    gc.set_name("grandchild");
    gc.start();
    say(me() + " started a grandchild, pid " + std::to_string(gc.pid()));
    Queue<std::string>(pids).put(std::to_string(gc.pid()));
    sleep_scaled(s);
    gc.join();
}
PROCLAB_TASK(spawn_grandchild);

void print_lines(int n, int lines)
{
    for (int i = 1; i <= lines; ++i) {
        say("worker " + std::to_string(n) + ": line " + std::to_string(i) + " of " + std::to_string(lines));
        sleep_scaled(0.1);
    }
}
PROCLAB_TASK(print_lines);

void print_lines_locked(const Lock& lock, int n, int lines)
{
    Lock l = lock;
    std::lock_guard guard(l);
    print_lines(n, lines);
}
PROCLAB_TASK(print_lines_locked);

void add_unlocked(const Value<long long>& counter, int times)
{
    const Value<long long>& v = counter; // a handle: value() writes the shared memory
    for (int i = 0; i < times; ++i) {
        const long long seen = v.value(); // read ...
        std::this_thread::yield();        // ... another process may write here ...
        v.value() = seen + 1;             // ... and this write loses its update
    }
    say(me() + " added " + std::to_string(times) + " without the lock");
}
PROCLAB_TASK(add_unlocked);

void add_locked(const Value<long long>& counter, int times)
{
    const Value<long long>& v = counter; // a handle: value() writes the shared memory
    for (int i = 0; i < times; ++i) {
        std::lock_guard guard(v.get_lock());
        const long long seen = v.value();
        std::this_thread::yield();
        v.value() = seen + 1;
    }
    say(me() + " added " + std::to_string(times) + " with the lock");
}
PROCLAB_TASK(add_locked);

// Scheduler-mode lessons: each read and write of the Value is a point where the learner chooses.
void increment(const Value<long long>& counter, int times)
{
    Value<long long> v = counter;
    for (int i = 0; i < times; ++i)
        v.store(v.load() + 1); // Python: v.value += 1 (a read, then a write)
    say(me() + " added " + std::to_string(times));
}
PROCLAB_TASK(increment);

void increment_locked(const Value<long long>& counter, int times)
{
    Value<long long> v = counter;
    for (int i = 0; i < times; ++i) {
        std::lock_guard guard(v.get_lock()); // Python: with v.get_lock(): v.value += 1
        v.store(v.load() + 1);
    }
    say(me() + " added " + std::to_string(times) + " under the lock");
}
PROCLAB_TASK(increment_locked);

void lock_two(const Lock& first, const Lock& second)
{
    Lock a = first, b = second;
    std::lock_guard ga(a);
    std::lock_guard gb(b);
    say(me() + " holds both locks");
}
PROCLAB_TASK(lock_two);

void put_letters(const Queue<std::string>& queue, const std::string& letters)
{
    Queue<std::string> q = queue;
    for (char c : letters) {
        say("writer puts " + std::string(1, c));
        q.put(std::string(1, c));
        sleep_scaled(0.2);
    }
    say("writer puts None (the sentinel: no more data)");
    q.put("None");
}
PROCLAB_TASK(put_letters);

void get_letters(const Queue<std::string>& queue)
{
    Queue<std::string> q = queue;
    for (std::string v; (v = q.get()) != "None";)
        say("reader got " + v);
    say("reader: the sentinel None, stops");
}
PROCLAB_TASK(get_letters);

void put_number(const Queue<std::string>& queue, int n)
{
    Queue<std::string> q = queue;
    q.put(std::to_string(n + 100));
    q.put("None"); // the sentinel: this producer is done
}
PROCLAB_TASK(put_number);

void fill_queue(const Queue<std::string>& queue, int count)
{
    Queue<std::string> q = queue;
    for (int i = 1; i <= count; ++i) {
        say("producer puts " + std::to_string(i) + " (queue holds " + std::to_string(q.qsize()) + ")");
        q.put(std::to_string(i)); // blocks while the bounded queue is full
    }
    say("producer done");
}
PROCLAB_TASK(fill_queue);

void startup_probe(long long t0_ns)
{
    const double ms = double(now_ns() - t0_ns) / 1e6;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f ms", ms);
    say(me() + " is running, " + buf + " after its Process was created");
}
PROCLAB_TASK(startup_probe);

void echo_client(int port, const std::string& message)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(std::uint16_t(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port) + ": " + std::strerror(errno));
    }
    const std::string line = message + "\n";
    [[maybe_unused]] ssize_t w = ::write(fd, line.data(), line.size());
    char buf[256];
    const ssize_t n = ::read(fd, buf, sizeof buf - 1);
    ::close(fd);
    std::string reply = n > 0 ? std::string(buf, std::size_t(n)) : std::string();
    while (!reply.empty() && reply.back() == '\n')
        reply.pop_back();
    say("client " + me() + " got back: " + reply);
}
PROCLAB_TASK(echo_client);

void echo_server(const Queue<std::string>& ports, int connections)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 8) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
        throw std::runtime_error(std::string("echo server: ") + std::strerror(errno));
    const int port = ntohs(addr.sin_port);
    say("echo server " + me() + " listens on 127.0.0.1:" + std::to_string(port));
    Queue<std::string>(ports).put(std::to_string(port));
    std::vector<Process> handlers;
    for (int i = 0; i < connections; ++i) {
        const int c = ::accept4(fd, nullptr, nullptr, SOCK_CLOEXEC);
        if (c < 0)
            break;
        // One process per connection: the child serves it, the server goes back to accept().
        Process h([c] {
            char buf[256];
            const ssize_t n = ::read(c, buf, sizeof buf);
            if (n > 0) {
                std::string msg(buf, std::size_t(n));
                while (!msg.empty() && msg.back() == '\n')
                    msg.pop_back();
                say("handler " + me() + " echoes: " + msg);
                [[maybe_unused]] ssize_t w = ::write(c, buf, std::size_t(n));
            }
            ::close(c);
        });
        h.set_name("handler-" + std::to_string(i + 1));
        h.set_start_method(StartMethod::Fork);
        h.start();
        ::close(c);
        handlers.push_back(std::move(h));
    }
    ::close(fd);
    for (auto& h : handlers)
        h.join();
    say("echo server done after " + std::to_string(connections) + " connection(s)");
}
PROCLAB_TASK(echo_server);

namespace {
long long g_x = 100; // a global of the program: every process has its own copy
} // namespace

void set_x(int value)
{
    say(me() + ": x was " + std::to_string(g_x) + ", sets x = " + std::to_string(value));
    g_x = value;
}
PROCLAB_TASK(set_x);

void show_x()
{
    say(me() + ": x = " + std::to_string(g_x));
}
PROCLAB_TASK(show_x);

void whoami()
{
    say("whoami() runs in " + me() + ", parent pid " + std::to_string(::getppid()));
}
PROCLAB_TASK(whoami);

void cpu_loop(int millions)
{
    const auto t0 = now_ns();
    volatile long long n = 0; // volatile: the loop is really run
    for (long long i = 0; i < millions * 1000000LL; ++i)
        n = n + 1;
    char took[32];
    std::snprintf(took, sizeof took, "%.3f", double(now_ns() - t0) / 1e9);
    say(me() + " counted to " + std::to_string(millions) + " million in " + took + " s");
}
PROCLAB_TASK(cpu_loop);

void hold_lock_finally(const Lock& lock, double s)
{
    Lock l = lock;
    l.acquire();
    say(me() + " holds the lock");
    struct Finally {
        Lock& l;
        explicit Finally(Lock& lock)
            : l(lock)
        {
        }
        Finally(const Finally&) = delete;
        Finally& operator=(const Finally&) = delete;
        ~Finally()
        {
            l.release();
            say("finally: released the lock");
        }
    } finally(l);
    sleep_scaled(s);
}
PROCLAB_TASK(hold_lock_finally);

void consume_tasks(const Queue<std::string>& queue)
{
    JoinableQueue<std::string> q = JoinableQueue<std::string>::open(queue.name());
    for (;;) {
        const std::string item = q.get();
        say(me() + " works on " + item);
        sleep_scaled(0.2);
        say(me() + " task_done() for " + item);
        q.task_done();
    }
}
PROCLAB_TASK(consume_tasks);

// Pool tasks: int -> int.

int slow_square(int x)
{
    say("square(" + std::to_string(x) + ") starts on pid " + std::to_string(::getpid()));
    sleep_scaled(1.0);
    return x * x;
}
PROCLAB_TASK(slow_square);

/// How many primes are below n, by trial division (CPU-bound, not scaled by the speed).
int count_primes(int n)
{
    int count = 0;
    for (int k = 2; k < n; ++k) {
        bool prime = true;
        for (int d = 2; d * d <= k && prime; ++d)
            prime = k % d != 0;
        count += prime ? 1 : 0;
    }
    return count;
}
PROCLAB_TASK(count_primes);

int worker_pid(int x)
{
    say("call " + std::to_string(x) + " runs on pid " + std::to_string(::getpid()));
    sleep_scaled(1.0);
    return int(::getpid());
}
PROCLAB_TASK(worker_pid);

int divide_by(int x)
{
    sleep_scaled(0.2);
    if (x == 0)
        throw ZeroDivisionError("division by zero");
    say("100 / " + std::to_string(x) + " on pid " + std::to_string(::getpid()));
    return 100 / x;
}
PROCLAB_TASK(divide_by);

int locked_square(const Lock& lock, int x)
{
    Lock l = lock;
    std::lock_guard guard(l);
    say(me() + " holds the lock for " + std::to_string(x));
    sleep_scaled(0.2);
    return x * x;
}
PROCLAB_TASK(locked_square);

// Pool tasks that take shared objects (a task's arguments are sent to a worker that already exists).

int pool_put_number(const Queue<std::string>& queue, int n)
{
    Queue<std::string>(queue).put(std::to_string(n + 100)); // arrived as its name, opened here
    say("pool worker pid " + std::to_string(::getpid()) + " put " + std::to_string(n + 100) + " into the named Queue");
    return n + 100;
}
PROCLAB_TASK(pool_put_number);

int manager_put_number(const QueueProxy<std::string>& queue, int n)
{
    queue.put(std::to_string(n + 100)); // a proxy: the put happens in the manager process
    say("pool worker pid " + std::to_string(::getpid()) + " put " + std::to_string(n + 100) +
        " into the Manager queue");
    return n + 100;
}
PROCLAB_TASK(manager_put_number);

int manager_locked_lines(const LockProxy& lock, const QueueProxy<std::string>& queue, int n, int lines)
{
    LockProxy l = lock;
    std::lock_guard guard(l);
    say("worker " + std::to_string(n) + " (pid " + std::to_string(::getpid()) + ") holds the lock");
    for (int i = 1; i <= lines; ++i) {
        queue.put("worker " + std::to_string(n) + " (pid " + std::to_string(::getpid()) + "): line " +
                  std::to_string(i) + " of " + std::to_string(lines));
        sleep_scaled(0.1);
    }
    return n;
}
PROCLAB_TASK(manager_locked_lines);

// Fork-only tasks (they use a pipe end, which only a forked child inherits).

void pipe_send(const std::shared_ptr<Connection<std::string>>& end, int n)
{
    end->send("hello from worker " + std::to_string(n) + " (pid " + std::to_string(::getpid()) + ")");
}

void pipe_exchange(const std::shared_ptr<Connection<std::string>>& end, const std::string& message)
{
    end->send(message);
    say(me() + " received: " + end->recv());
}

// ---------------------------------------------------------------------------------------------

namespace {

/// A process task; a pool task (returns an int); a task taking a pipe end (fork only).
TaskInfo task(std::string name, std::vector<ArgKind> params, std::string summary)
{
    return {std::move(name), std::move(params), false, false, std::move(summary)};
}
TaskInfo pool_task(std::string name, std::vector<ArgKind> params, std::string summary)
{
    return {std::move(name), std::move(params), true, false, std::move(summary)};
}
TaskInfo fork_task(std::string name, std::vector<ArgKind> params, std::string summary)
{
    return {std::move(name), std::move(params), false, true, std::move(summary)};
}

} // namespace

const std::vector<TaskInfo>& task_infos()
{
    using K = ArgKind;
    static const std::vector<TaskInfo> infos = {
        task("print_number", {K::Int}, "prints its number and pid"),
        task("sleep_seconds", {K::Number}, "sleeps that many seconds (scaled by the speed)"),
        task("show_identity", {K::Number}, "prints name, pid, parent pid and daemon flag, then sleeps"),
        task("raise_error", {}, "throws: exit code 1"),
        task("start_child", {}, "tries to start a child (a daemon may not: ProcessError)"),
        task("spawn_grandchild", {K::Queue, K::Number},
             "starts a grandchild sleeping that long, puts its pid in the queue, sleeps as long"),
        task("print_lines", {K::Int, K::Int}, "prints N lines slowly, without a lock"),
        task("print_lines_locked", {K::Lock, K::Int, K::Int}, "prints N lines slowly, holding the lock"),
        task("add_unlocked", {K::Value, K::Int}, "adds 1 N times, read-modify-write without the lock"),
        task("add_locked", {K::Value, K::Int}, "adds 1 N times under the value's lock"),
        task("increment", {K::Value, K::Int}, "v.value += 1, N times (a read and a write: two scheduler points)"),
        task("increment_locked", {K::Value, K::Int}, "with v.get_lock(): v.value += 1, N times"),
        task("lock_two", {K::Lock, K::Lock}, "takes the first lock, then the second, then says so"),
        task("put_letters", {K::Queue, K::String}, "puts each letter, then the sentinel None"),
        task("get_letters", {K::Queue}, "gets messages and prints them until the sentinel None"),
        task("put_number", {K::Queue, K::Int}, "puts its number plus 100, then the sentinel None"),
        task("fill_queue", {K::Queue, K::Int}, "puts 1..N, blocking while the queue is full"),
        task("startup_probe", {K::Now}, "prints how long after \"$now\" it started"),
        task("echo_server", {K::Queue, K::Int},
             "serves N connections on 127.0.0.1 (port put in the queue), one process per connection"),
        task("echo_client", {K::Int, K::String}, "sends a line to 127.0.0.1:PORT and prints the echo"),
        task("set_x", {K::Int}, "prints its copy of the global x (100), then sets it"),
        task("show_x", {}, "prints its copy of the global x"),
        task("whoami", {}, "prints the process it runs in: name, pid and parent pid"),
        task("cpu_loop", {K::Int}, "counts to N million (CPU-bound, not scaled by the speed), prints how long it took"),
        task("hold_lock_finally", {K::Lock, K::Number},
             "acquires the lock, sleeps; a finally (destructor) releases it and prints so"),
        task("consume_tasks", {K::Queue}, "forever: gets an item of a joinable queue, works 0.2 s, task_done()"),
        pool_task("slow_square", {K::Int}, "pool: x*x after one second"),
        pool_task("worker_pid", {K::Int}, "pool: its worker's pid after one second"),
        pool_task("count_primes", {K::Int}, "pool: how many primes are below n (CPU-bound, not scaled by the speed)"),
        pool_task("divide_by", {K::Int}, "pool: 100 / x (ZeroDivisionError for 0)"),
        pool_task("locked_square", {K::Lock, K::Int}, "pool: x*x after 0.2 s, holding the lock"),
        pool_task("pool_put_number", {K::Queue, K::Int}, "pool: puts n + 100 into a ProcLab Queue (sent by name)"),
        pool_task("manager_put_number", {K::ManagerQueue, K::Int}, "pool: puts n + 100 into a Manager queue (a proxy)"),
        pool_task("manager_locked_lines", {K::ManagerLock, K::ManagerQueue, K::Int, K::Int},
                  "pool: holding the Manager lock, puts N lines into the Manager queue, slowly"),
        fork_task("pipe_send", {K::PipeEnd, K::Int}, "sends a greeting through the pipe end"),
        fork_task("pipe_exchange", {K::PipeEnd, K::String}, "sends the message, prints the reply"),
    };
    static const std::vector<TaskInfo> all = [] {
        std::vector<TaskInfo> out = infos;
        for (auto& t : detail::sync_task_infos()) // on a Condition or a Barrier: lesson_tasks_sync.cpp
            out.push_back(std::move(t));
        return out;
    }();
    return all;
}

const TaskInfo* find_task_info(std::string_view name)
{
    for (const auto& t : task_infos())
        if (t.name == name)
            return &t;
    return nullptr;
}

std::string_view to_string(ArgKind kind) noexcept
{
    static constexpr std::string_view names[] = {"int",           "number",       "string",    "queue",
                                                 "lock",          "value",        "pipe end",  "$now",
                                                 "manager queue", "manager lock", "condition", "barrier"};
    return names[static_cast<std::size_t>(kind)];
}

namespace detail {

namespace {
long long as_int(const LessonValue& v, const Objects& o)
{
    if (const auto* i = std::get_if<long long>(&v))
        return *i;
    if (const auto* s = std::get_if<std::string>(&v); s && !s->empty() && (*s)[0] == '$')
        return o.variables.at(s->substr(1));
    throw ValueError("not an integer: " + proclab::to_string(v));
}
double as_number(const LessonValue& v)
{
    if (const auto* d = std::get_if<double>(&v))
        return *d;
    return double(std::get<long long>(v));
}
const std::string& as_string(const LessonValue& v)
{
    return std::get<std::string>(v);
}
} // namespace

namespace {
/// make(f, args...) for the task's function and arguments: a Process, or a call in this process.
template <class R, class Make>
R dispatch(const std::string& task, const std::vector<LessonValue>& a, Objects& o, Make make)
{
    auto q = [&](std::size_t i) { return o.queues.at(as_string(a[i])); };
    auto i = [&](std::size_t k) { return int(as_int(a[k], o)); };
    if (is_sync_task(task))
        return dispatch_sync<R>(task, a, o, make);
    if (task == "print_number")
        return make(print_number, i(0));
    if (task == "sleep_seconds")
        return make(sleep_seconds, as_number(a[0]));
    if (task == "show_identity")
        return make(show_identity, as_number(a[0]));
    if (task == "raise_error")
        return make(raise_error);
    if (task == "start_child")
        return make(start_child);
    if (task == "spawn_grandchild")
        return make(spawn_grandchild, q(0), as_number(a[1]));
    if (task == "print_lines")
        return make(print_lines, i(0), i(1));
    if (task == "print_lines_locked")
        return make(print_lines_locked, o.locks.at(as_string(a[0])), i(1), i(2));
    if (task == "add_unlocked")
        return make(add_unlocked, o.values.at(as_string(a[0])), i(1));
    if (task == "add_locked")
        return make(add_locked, o.values.at(as_string(a[0])), i(1));
    if (task == "increment")
        return make(increment, o.values.at(as_string(a[0])), i(1));
    if (task == "increment_locked")
        return make(increment_locked, o.values.at(as_string(a[0])), i(1));
    if (task == "lock_two")
        return make(lock_two, o.locks.at(as_string(a[0])), o.locks.at(as_string(a[1])));
    if (task == "put_letters")
        return make(put_letters, q(0), as_string(a[1]));
    if (task == "get_letters")
        return make(get_letters, q(0));
    if (task == "put_number")
        return make(put_number, q(0), i(1));
    if (task == "fill_queue")
        return make(fill_queue, q(0), i(1));
    if (task == "startup_probe")
        return make(startup_probe, static_cast<long long>(now_ns()));
    if (task == "echo_server")
        return make(echo_server, q(0), i(1));
    if (task == "echo_client")
        return make(echo_client, i(0), as_string(a[1]));
    if (task == "set_x")
        return make(set_x, i(0));
    if (task == "show_x")
        return make(show_x);
    if (task == "whoami")
        return make(whoami);
    if (task == "cpu_loop")
        return make(cpu_loop, i(0));
    if (task == "hold_lock_finally")
        return make(hold_lock_finally, o.locks.at(as_string(a[0])), as_number(a[1]));
    if (task == "consume_tasks")
        return make(consume_tasks, q(0));
    if (task == "pipe_send") {
        auto end = o.ends.at(as_string(a[0]));
        const int n = i(1);
        return make([end, n] { pipe_send(end, n); });
    }
    if (task == "pipe_exchange") {
        auto end = o.ends.at(as_string(a[0]));
        return make([end, msg = as_string(a[1])] { pipe_exchange(end, msg); });
    }
    throw ValueError("unknown lesson task '" + task + "'");
}
} // namespace

Process make_process(const std::string& task, const std::vector<LessonValue>& args, Objects& objects)
{
    return dispatch<Process>(task, args, objects, [](auto&&... x) { return Process(std::forward<decltype(x)>(x)...); });
}

void call_task(const std::string& task, const std::vector<LessonValue>& args, Objects& objects)
{
    dispatch<void>(task, args, objects, [](auto&& f, auto&&... x) { f(x...); });
}

PoolFn pool_function(const std::string& task)
{
    if (task == "slow_square")
        return slow_square;
    if (task == "worker_pid")
        return worker_pid;
    if (task == "count_primes")
        return count_primes;
    if (task == "divide_by")
        return divide_by;
    throw ValueError("'" + task + "' is not a pool task");
}

namespace {
template <class R>
R pool_call(Pool& pool, const std::string& task, const std::vector<std::vector<LessonValue>>& items, Objects& o)
{
    auto q = [&](const LessonValue& v) { return o.queues.at(as_string(v)); };
    auto mq = [&](const LessonValue& v) { return o.manager_queues.at(as_string(v)); };
    auto ml = [&](const LessonValue& v) { return o.manager_locks.at(as_string(v)); };
    auto lk = [&](const LessonValue& v) { return o.locks.at(as_string(v)); };
    auto i = [&](const LessonValue& v) { return int(as_int(v, o)); };
    auto run = [&](auto fn, auto convert) -> R {
        using Args = decltype(convert(items.front()));
        std::vector<Args> args;
        args.reserve(items.size());
        for (const auto& item : items)
            args.push_back(convert(item));
        if constexpr (std::is_same_v<R, int>) {
            return std::apply([&](const auto&... a) { return pool.apply(fn, a...); }, args.front());
        } else {
            return pool.starmap(fn, args);
        }
    };
    if (task == "locked_square")
        return run(locked_square, [&](const auto& a) { return std::make_tuple(lk(a.at(0)), i(a.at(1))); });
    if (task == "pool_put_number")
        return run(pool_put_number, [&](const auto& a) { return std::make_tuple(q(a.at(0)), i(a.at(1))); });
    if (task == "manager_put_number")
        return run(manager_put_number, [&](const auto& a) { return std::make_tuple(mq(a.at(0)), i(a.at(1))); });
    if (task == "manager_locked_lines")
        return run(manager_locked_lines,
                   [&](const auto& a) { return std::make_tuple(ml(a.at(0)), mq(a.at(1)), i(a.at(2)), i(a.at(3))); });
    if (auto fn = pool_function(task))
        return run(fn, [&](const auto& a) { return std::make_tuple(i(a.at(0))); });
    throw ValueError("'" + task + "' is not a pool task");
}
} // namespace

int pool_apply(Pool& pool, const std::string& task, const std::vector<LessonValue>& args, Objects& objects)
{
    return pool_call<int>(pool, task, {args}, objects);
}

std::vector<int> pool_starmap(Pool& pool, const std::string& task, const std::vector<std::vector<LessonValue>>& items,
                              Objects& objects)
{
    if (items.empty())
        return {};
    return pool_call<std::vector<int>>(pool, task, items, objects);
}

} // namespace detail

} // namespace proclab::lessons
