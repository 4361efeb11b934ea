// probe_start_phases: where the time of one start+join goes, phase by phase, for a raw
// fork+_exit+waitpid, ProcLab's Fork and ProcLab's ForkServer (the breakdown table of
// tests/bench/README.md).
//
// The program defines fork() and _exit() itself: the executable's definitions come first in
// symbol resolution, so ProcLab's calls (and the fork server's, a fork of this program) go
// through them. Each records CLOCK_MONOTONIC and the caller's minor faults into a page shared
// (MAP_SHARED, created before the fork server exists) by the whole process tree, then calls the
// real function. The target records the moment it runs. Phases, per start+join:
//
//   before fork     start() called -> fork() entered          (in the process that forks)
//   fork            fork() entered -> fork() returned in the parent
//   child start-up  fork() returned in the child -> the target runs
//   child exit      the target runs -> _exit() entered
//   parent after    fork() returned in the parent -> start() returned
//   reap            _exit() entered -> join() returned
//
// Minor faults of the child: before its target, and in all (getrusage RUSAGE_CHILDREN deltas, or
// the fork server's cminflt from /proc for its workers). The probe's own page costs each child
// one fault, in every row alike.
//
// Usage: probe_start_phases [N | --smoke] [ROW]   (N start+join per row, default 300, --smoke 3;
// medians are printed; ROW: only the row of that name, e.g. "ProcLab Fork"). Exit status 0, or 2 when a child did not
// exit 0.

#include <proclab/proclab.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <dlfcn.h>
#include <fstream>
#include <functional>
#include <iterator>
#include <new>
#include <sstream>
#include <string>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

enum Mark { ForkEnter, ForkParent, ForkChild, Target, ExitEnter, kMarks };

struct Shared {
    std::int64_t t[kMarks];
    long faults[kMarks];
    std::atomic<int> armed; // 1: the next fork is the measured one (in whichever process forks)
};
Shared* g_shared = nullptr;

std::int64_t now_ns()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return std::int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

long minor_faults(int who)
{
    rusage ru{};
    getrusage(who, &ru);
    return ru.ru_minflt;
}

void mark(Mark m)
{
    if (!g_shared)
        return;
    g_shared->t[m] = now_ns();
    g_shared->faults[m] = minor_faults(RUSAGE_SELF);
}

} // namespace

extern "C" pid_t fork()
{
    using Fn = pid_t (*)();
    static const Fn real = reinterpret_cast<Fn>(dlsym(RTLD_NEXT, "fork"));
    const bool armed = g_shared && g_shared->armed.load() == 1;
    if (armed)
        mark(ForkEnter);
    const pid_t pid = real();
    if (armed)
        mark(pid == 0 ? ForkChild : ForkParent);
    return pid;
}

extern "C" [[noreturn]] void _exit(int code)
{
    if (g_shared && g_shared->armed.load() == 1)
        mark(ExitEnter);
    syscall(SYS_exit_group, code);
    __builtin_unreachable();
}

void probe_target()
{
    mark(Target);
}
PROCLAB_TASK(probe_target);

namespace {

struct Sample {
    double phase[6]; // before fork, fork, start-up, exit, parent after, reap (us)
    double total;
    double child_runs; // fork() entered -> fork() returned in the child
    double faults_before_target;
    double faults_child;
    double faults_parent;
};

long server_cminflt(pid_t server)
{
    std::ifstream f("/proc/" + std::to_string(server) + "/stat");
    std::string s((std::istreambuf_iterator<char>(f)), {});
    auto close = s.rfind(')');
    if (close == std::string::npos)
        return 0;
    std::istringstream in(s.substr(close + 2));
    std::string field;
    // Fields after the name: 3 state, 4 ppid, ... 10 minflt, 11 cminflt.
    for (int i = 3; i <= 11 && in >> field; ++i)
        if (i == 11)
            return std::atol(field.c_str());
    return 0;
}

pid_t forkserver_pid()
{
    // The server is a child of ours that is no Process object: find it by name.
    std::ifstream f("/proc/self/task/" + std::to_string(getpid()) + "/children");
    pid_t pid = 0;
    while (f >> pid) {
        std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
        std::string name;
        comm >> name;
        if (name == "proclab-fsrv")
            return pid;
    }
    return 0;
}

template <class Run>
Sample measure(Run run, pid_t server)
{
    std::fill(std::begin(g_shared->t), std::end(g_shared->t), 0);
    std::fill(std::begin(g_shared->faults), std::end(g_shared->faults), 0);
    const long child0 = server ? server_cminflt(server) : minor_faults(RUSAGE_CHILDREN);
    const long self0 = minor_faults(RUSAGE_SELF);
    g_shared->armed = 1;
    std::int64_t start_begin = 0, start_end = 0, join_end = 0;
    run(start_begin, start_end, join_end);
    g_shared->armed = 0;
    const long self1 = minor_faults(RUSAGE_SELF);
    const long child1 = server ? server_cminflt(server) : minor_faults(RUSAGE_CHILDREN);
    const auto& t = g_shared->t;
    Sample s{};
    s.phase[0] = double(t[ForkEnter] - start_begin) / 1e3;
    s.phase[1] = double(t[ForkParent] - t[ForkEnter]) / 1e3;
    s.child_runs = double(t[ForkChild] - t[ForkEnter]) / 1e3;
    s.phase[2] = double(t[Target] - t[ForkChild]) / 1e3;
    s.phase[3] = double(t[ExitEnter] - t[Target]) / 1e3;
    s.phase[4] = server ? 0 : double(start_end - t[ForkParent]) / 1e3;
    s.phase[5] = double(join_end - t[ExitEnter]) / 1e3;
    s.total = double(join_end - start_begin) / 1e3;
    s.faults_before_target = double(g_shared->faults[Target] - g_shared->faults[ForkChild]);
    s.faults_child = double(child1 - child0);
    s.faults_parent = double(self1 - self0);
    return s;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

void report(const char* name, const std::vector<Sample>& samples)
{
    auto col = [&](auto get) {
        std::vector<double> v;
        for (const auto& s : samples)
            v.push_back(get(s));
        return median(v);
    };
    std::printf("%-22s", name);
    for (int i = 0; i < 6; ++i)
        std::printf(" %9.1f", col([i](const Sample& s) { return s.phase[i]; }));
    std::printf(" %9.1f", col([](const Sample& s) { return s.child_runs; }));
    std::printf(" %9.1f %7.0f %7.0f %7.0f\n", col([](const Sample& s) { return s.total; }),
                col([](const Sample& s) { return s.faults_before_target; }),
                col([](const Sample& s) { return s.faults_child; }),
                col([](const Sample& s) { return s.faults_parent; }));
}

} // namespace

int main(int argc, char** argv)
{
    proclab::freeze_support();
    const std::string arg = argc > 1 ? argv[1] : "";
    const int n = arg == "--smoke" ? 3 : !arg.empty() ? std::max(1, std::atoi(arg.c_str())) : 300;
    void* page = mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED)
        return 1;
    g_shared = new (page) Shared{};
    (void)syscall(SYS_getpid);   // binds syscall() (our _exit) here, not in each child
    proclab::start_forkserver(); // a fork of this single-threaded program: it shares the page
    pid_t server = 0;
    for (int i = 0; i < 200 && server == 0; ++i) { // it names itself once it runs
        server = forkserver_pid();
        if (server == 0)
            usleep(5000);
    }

    auto raw = [](std::int64_t& b, std::int64_t& e, std::int64_t& j) {
        b = now_ns();
        const pid_t pid = fork();
        if (pid == 0) {
            mark(Target);
            _exit(0);
        }
        e = now_ns();
        int status = 0;
        waitpid(pid, &status, 0);
        j = now_ns();
    };
    auto proclab_run = [](proclab::StartMethod method) {
        return [method](std::int64_t& b, std::int64_t& e, std::int64_t& j) {
            proclab::Process p(probe_target);
            p.set_start_method(method);
            b = now_ns();
            p.start();
            e = now_ns();
            p.join();
            j = now_ns();
            if (p.exitcode() != 0)
                std::exit(2);
        };
    };

    std::printf("median of %d start+join each; times in us, faults per child (minor)\n", n);
    std::printf("%-22s %9s %9s %9s %9s %9s %9s %9s %9s %7s %7s %7s\n", "", "bef.fork", "fork", "startup", "exit",
                "par.after", "reap", "chl.runs", "total", "flt<tgt", "flt.chl", "flt.par");
    struct Row {
        const char* name;
        std::function<void(std::int64_t&, std::int64_t&, std::int64_t&)> run;
        pid_t server;
    };
    const Row rows[] = {{"raw fork+waitpid", raw, 0},
                        {"ProcLab Fork", proclab_run(proclab::StartMethod::Fork), 0},
                        {"ProcLab ForkServer", proclab_run(proclab::StartMethod::ForkServer), server}};
    const std::string only = argc > 2 ? argv[2] : "";
    for (const Row& row : rows) {
        if (!only.empty() && row.name != only)
            continue;
        for (int i = 0; i < 10; ++i) // warm-up
            measure(row.run, row.server);
        std::vector<Sample> samples;
        for (int i = 0; i < n; ++i)
            samples.push_back(measure(row.run, row.server));
        report(row.name, samples);
    }
    return 0;
}
