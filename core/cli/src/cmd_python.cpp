// proclab-cli python: a Python script run under the bridge, watched live in a session.
#include "commands.h"

#include <proclab/errors.h>
#include <proclab/python_bridge.h>
#include <proclab/session.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <optional>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

namespace proclab::cli {

namespace {

volatile sig_atomic_t g_child = 0;

// SIGTERM/SIGHUP to proclab-cli go on to the script (SIGINT from the terminal reaches both).
void forward_signal(int sig)
{
    if (g_child > 0)
        ::kill(g_child, sig);
}

struct PythonOptions {
    std::string trace;
    std::string interpreter = "python3";
    std::string start_method;
    std::vector<std::string> argv; // SCRIPT ARGS...
};

PythonOptions parse(const std::vector<std::string>& args)
{
    PythonOptions o;
    std::size_t i = 0;
    for (; i < args.size() && args[i].size() > 1 && args[i][0] == '-'; ++i) {
        const std::string& a = args[i];
        if (a == "--") {
            ++i;
            break;
        }
        std::string* target = a == "--trace"          ? &o.trace
                              : a == "--python"       ? &o.interpreter
                              : a == "--start-method" ? &o.start_method
                                                      : nullptr;
        if (!target)
            throw UsageError{"python: unknown option '" + a + "'"};
        if (i + 1 >= args.size() || args[i + 1].empty())
            throw UsageError{"python: " + a + " needs a value"};
        *target = args[++i];
    }
    o.argv.assign(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
    if (o.argv.empty())
        throw UsageError{"python needs a SCRIPT (or -c CODE / -m MODULE) to run"};
    return o;
}

// The session named by PROCLAB_SESSION (created when it does not exist yet), else a new one.
std::pair<Session, bool> session_for_run()
{
    const char* named = std::getenv(Session::kEnvVar);
    if (named && *named) {
        try {
            return {Session::open(named), false};
        } catch (const NotFound&) {
            return {Session::create(named), true};
        }
    }
    return {Session::create("python-" + std::to_string(::getpid())), true};
}

} // namespace

int cmd_python(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    const PythonOptions o = parse(args);
    const auto bridge = python_bridge_dir();
    if (!bridge)
        throw Error("the Python bridge was not found (build with PROCLAB_BUILD_PYTHON, or set PROCLAB_PYTHON_BRIDGE "
                    "to the directory holding sitecustomize.py and proclab_watch/)");
    auto [session, created] = session_for_run();
    const std::vector<std::string> env = python_bridge_environment(session.name(), *bridge, o.start_method);

    std::vector<std::string> argv_strings{o.interpreter};
    argv_strings.insert(argv_strings.end(), o.argv.begin(), o.argv.end());
    std::vector<char*> argv, envp;
    for (auto& s : argv_strings)
        argv.push_back(s.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_copy = env;
    for (auto& s : env_copy)
        envp.push_back(s.data());
    envp.push_back(nullptr);

    pid_t pid = 0;
    const int rc = ::posix_spawnp(&pid, o.interpreter.c_str(), nullptr, nullptr, argv.data(), envp.data());
    if (rc != 0)
        throw Error("cannot run '" + o.interpreter + "': " + std::strerror(rc));
    g_child = pid;
    struct sigaction forward {
    }, ignore{}, old_term{}, old_hup{}, old_int{}, old_quit{};
    forward.sa_handler = forward_signal;
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGTERM, &forward, &old_term);
    ::sigaction(SIGHUP, &forward, &old_hup);
    ::sigaction(SIGINT, &ignore, &old_int); // the terminal's ^C reaches the script itself
    ::sigaction(SIGQUIT, &ignore, &old_quit);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    g_child = 0;
    ::sigaction(SIGTERM, &old_term, nullptr);
    ::sigaction(SIGHUP, &old_hup, nullptr);
    ::sigaction(SIGINT, &old_int, nullptr);
    ::sigaction(SIGQUIT, &old_quit, nullptr);

    if (!o.trace.empty()) {
        const Snapshot snap = session.snapshot();
        const EventBatch batch = session.events(0);
        std::ofstream f(o.trace, std::ios::binary | std::ios::trunc);
        if (!(f << Session::chrome_trace(snap, batch.events)) || !f.flush())
            throw Error("cannot write the trace '" + o.trace + "'");
        err << "proclab-cli: wrote " << o.trace << ": " << snap.processes.size() << " processes, "
            << batch.events.size() << " events\n";
    }
    (void)out;
    (void)created;
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

} // namespace proclab::cli
