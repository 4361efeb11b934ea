// proclab-cli run LESSON --python: the lesson's own Python code, run by python3 under the Python
// bridge in the session, with a transcript in the shape of the C++ run's: the program's output,
// and "step N (py L / cpp C)" each time the main process reaches a step's line.
#include "commands.h"

#include <proclab/errors.h>
#include <proclab/lessons/lesson.h>
#include <proclab/python_bridge.h>
#include <proclab/session.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <iomanip>
#include <map>
#include <poll.h>
#include <set>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace proclab::cli {

namespace {

std::vector<std::string> split_lines(const std::string& code)
{
    std::vector<std::string> lines;
    std::istringstream in(code);
    for (std::string l; std::getline(in, l);)
        lines.push_back(l);
    return lines;
}

std::string trim(const std::string& s)
{
    const auto b = s.find_first_not_of(" \t");
    const auto e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// Lines arriving on a pipe, split at '\n'.
struct LineReader {
    int fd = -1;
    std::string pending;
    template <typename F>
    bool read(F&& each) // false at end of file
    {
        char buf[4096];
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0)
            return errno == EINTR || errno == EAGAIN;
        if (n == 0) {
            if (!pending.empty())
                each(pending);
            pending.clear();
            return false;
        }
        pending.append(buf, static_cast<std::size_t>(n));
        for (std::size_t nl; (nl = pending.find('\n')) != std::string::npos;) {
            each(pending.substr(0, nl));
            pending.erase(0, nl + 1);
        }
        return true;
    }
};

/// python3 running the lesson's code in `path` with the bridge's environment `env`: its merged
/// output, its main module's line events, and (step mode) the write end of its step gate.
struct Spawned {
    pid_t pid;
    int output, lines, gate;
};
Spawned spawn_python(const Lesson& lesson, std::string path, std::vector<std::string> env, const char* sp,
                     bool step_mode)
{
    int output[2], lines[2], gate[2] = {-1, -1};
    if (::pipe2(output, O_CLOEXEC) != 0 || ::pipe2(lines, O_CLOEXEC) != 0 ||
        (step_mode && ::pipe2(gate, O_CLOEXEC) != 0))
        throw Error(std::string("--python: cannot create pipes: ") + std::strerror(errno));
    env.push_back("PROCLAB_TRACE_MAIN_LINES=" + std::to_string(lines[1]));
    env.push_back(std::string("PROCLAB_TIME_SCALE=") + sp);
    if (step_mode) {
        // The main process waits at each step's line for a byte on the gate (python/proclab_watch/_lesson.py).
        std::string at;
        for (const auto& st : lesson.steps)
            at += (at.empty() ? "" : ",") + std::to_string(st.py_line);
        env.push_back("PROCLAB_STEP_GATE=" + std::to_string(gate[0]));
        env.push_back("PROCLAB_STEP_LINES=" + at);
    }
    env.emplace_back("PYTHONUNBUFFERED=1");
    env.emplace_back("PROCLAB_LINE_BUFFERED=1"); // whole lines, as on a terminal (python/sitecustomize.py)
    std::vector<char*> envp;
    envp.reserve(env.size() + 1);
    for (auto& e : env)
        envp.push_back(e.data());
    envp.push_back(nullptr);
    std::string python = "python3";
    std::vector<char*> argv{python.data(), path.data(), nullptr};

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, output[1], 1);
    posix_spawn_file_actions_adddup2(&fa, output[1], 2);
    posix_spawn_file_actions_adddup2(&fa, lines[1], lines[1]); // dup2 onto itself clears FD_CLOEXEC
    if (step_mode) {                                           // stdin carries the steps: the program reads none of it
        posix_spawn_file_actions_adddup2(&fa, gate[0], gate[0]);
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    }
    pid_t pid = 0;
    const int rc = ::posix_spawnp(&pid, "python3", &fa, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    ::close(output[1]);
    ::close(lines[1]);
    if (step_mode)
        ::close(gate[0]);
    if (rc != 0) {
        ::close(output[0]);
        ::close(lines[0]);
        if (step_mode)
            ::close(gate[1]);
        throw Error(std::string("--python: cannot run python3: ") + std::strerror(rc));
    }
    return {pid, output[0], lines[0], gate[1]};
}

} // namespace

int run_lesson_python(const Lesson& lesson, double speed, std::ostream& out, bool step_mode)
{
    const auto bridge = python_bridge_dir();
    if (!bridge)
        throw Error("--python: the Python bridge was not found (build with PROCLAB_BUILD_PYTHON)");
    std::optional<Session> own;
    std::string session_name;
    if (auto current = Session::current()) {
        session_name = current->name();
    } else {
        own.emplace(Session::create("lesson-py-" + std::to_string(::getpid())));
        session_name = own->name();
    }

    char path[] = "/tmp/proclab-lesson-XXXXXX.py";
    const int file = ::mkstemps(path, 3);
    if (file < 0)
        throw Error(std::string("--python: cannot write the lesson's code: ") + std::strerror(errno));
    const bool written = ::write(file, lesson.python_code.data(), lesson.python_code.size()) ==
                         static_cast<ssize_t>(lesson.python_code.size());
    ::close(file);
    struct Unlink {
        const char* p;
        ~Unlink() { ::unlink(p); }
    } unlink_later{path};
    if (!written)
        throw Error("--python: cannot write the lesson's code");

    char sp[32];
    std::snprintf(sp, sizeof sp, "%g", speed);
    const Spawned python = spawn_python(lesson, path, python_bridge_environment(session_name, *bridge), sp, step_mode);
    const pid_t pid = python.pid;
    const int output = python.output, lines = python.lines;
    int gate = python.gate;
    out << "-- running the Python code (python3, watched) at speed " << sp
        << " (time.sleep is divided by the speed; times below are wall-clock seconds)\n"
        << std::flush;

    const auto t0 = std::chrono::steady_clock::now();
    const auto stamp = [&] {
        std::ostringstream s;
        s << std::fixed << std::setprecision(3) << std::setw(7)
          << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() << " s  ";
        return s.str();
    };
    const std::vector<std::string> code = split_lines(lesson.python_code);
    std::map<int, std::vector<std::size_t>> steps_at; // py line -> steps there, in order
    for (std::size_t i = 0; i < lesson.steps.size(); ++i)
        steps_at[lesson.steps[i].py_line].push_back(i);
    std::set<std::size_t> reached;
    const std::string who = "[main " + std::to_string(pid) + "]  ";

    LineReader program{output, {}}, traced{lines, {}}, steps{0, {}};
    bool program_open = true, traced_open = true;
    while (program_open || traced_open) {
        pollfd p[3] = {{program_open ? output : -1, POLLIN, 0},
                       {traced_open ? lines : -1, POLLIN, 0},
                       {gate >= 0 ? 0 : -1, POLLIN, 0}};
        if (::poll(p, 3, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        // Step mode: one step per line on stdin; at its end the gate closes and the rest runs.
        if (p[2].revents && !steps.read([&](const std::string&) {
                const char go = 1;
                while (::write(gate, &go, 1) < 0 && errno == EINTR) {}
            })) {
            ::close(gate);
            gate = -1;
        }
        if (p[1].revents)
            traced_open = traced.read([&](const std::string& l) {
                const int line = std::atoi(l.c_str());
                const auto it = steps_at.find(line);
                if (it == steps_at.end())
                    return;
                std::size_t step = it->second.front(); // the first step of this line not reached yet
                for (std::size_t s : it->second)
                    if (!reached.contains(s)) {
                        step = s;
                        break;
                    }
                reached.insert(step);
                const auto& st = lesson.steps[step];
                out << stamp() << who << "step " << step + 1 << " (py " << st.py_line << " / cpp " << st.cpp_line
                    << "): " << (line >= 1 && line <= static_cast<int>(code.size()) ? trim(code[line - 1]) : "") << "\n"
                    << std::flush;
            });
        if (p[0].revents)
            program_open =
                program.read([&](const std::string& l) { out << stamp() << "[python]  " << l << "\n"
                                                             << std::flush; });
    }
    ::close(output);
    ::close(lines);
    if (gate >= 0)
        ::close(gate);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    const int exitcode = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    out << stamp() << who << "the main program ended, exitcode " << exitcode << "\n" << std::flush;
    return 0;
}

} // namespace proclab::cli
