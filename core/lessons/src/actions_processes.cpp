// Lesson actions on processes: create (a lesson task or a shell command), start, join, end, and
// inspect them (see lesson_actions.h).
#include "lesson_actions.h"

#include <proclab/clock.h>
#include <proclab/lessons/lesson_tasks.h>
#include <proclab/session.h>

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace proclab::lessons::detail {

namespace {

Process& process_of(Objects& o, const LessonStep& s)
{
    return *o.processes.at(s.str("process"));
}

/// Gives `p` the step's name, daemon flag and start method, and keeps it under the step's id.
void keep_process(Objects& o, const LessonStep& s, Process p)
{
    auto kept = std::make_unique<Process>(std::move(p));
    if (s.has("name"))
        kept->set_name(s.str("name"));
    if (s.has("daemon"))
        kept->set_daemon(s.flag("daemon"));
    if (s.has("start_method")) {
        const std::string m = s.str("start_method");
        kept->set_start_method(m == "spawn"        ? StartMethod::Spawn
                               : m == "forkserver" ? StartMethod::ForkServer
                                                   : StartMethod::Fork);
    }
    o.processes[s.str("id")] = std::move(kept);
}

std::string describe_process(const LessonStep& s)
{
    std::string d = s.action + " " + s.str("id") + " = " + s.str("task") + args_text(s.args);
    if (s.has("name"))
        d += " name=" + s.str("name");
    if (s.flag("daemon"))
        d += " daemon";
    if (s.has("start_method"))
        d += " start_method=" + s.str("start_method");
    return d;
}

void run_process(Objects& o, const LessonStep& s)
{
    keep_process(o, s, make_process(s.str("task"), s.args, o));
    o.process_task[s.str("id")] = s.str("task");
    o.process_args[s.str("id")] = s.args;
}

std::string describe_call(const LessonStep& s)
{
    return s.action + " " + s.str("task") + args_text(s.args) + " in the main process";
}

void run_call(Objects& o, const LessonStep& s)
{
    call_task(s.str("task"), s.args, o);
}

void run_run(Objects& o, const LessonStep& s)
{
    const auto task = o.process_task.find(s.str("process"));
    if (task == o.process_task.end())
        throw ValueError("run: " + s.str("process") + " is a command, not a lesson task");
    emit('I', -1,
         s.str("process") + ".run(): " + task->second + " runs in this process, pid " + std::to_string(::getpid()) +
             "; no new process");
    call_task(task->second, o.process_args.at(s.str("process")), o);
}

/// "shell": false: the command line split at spaces, run without a shell (as a Python argument list).
std::vector<std::string> command_argv(const LessonStep& s)
{
    std::vector<std::string> argv;
    std::istringstream words(s.str("command"));
    for (std::string w; words >> w;)
        argv.push_back(w);
    return argv;
}

std::string describe_command(const LessonStep& s)
{
    if (s.flag("shell", true))
        return s.action + " " + s.str("id") + " = `" + s.str("command") + "` (through /bin/sh)";
    std::string d = s.action + " " + s.str("id") + " = [";
    for (const auto& w : command_argv(s))
        d += (d.back() == '[' ? "'" : ", '") + w + "'";
    return d + "] (no shell)";
}

void run_command(Objects& o, const LessonStep& s)
{
    keep_process(o, s, s.flag("shell", true) ? Process::shell(s.str("command")) : Process::command(command_argv(s)));
}

void run_start(Objects& o, const LessonStep& s)
{
    Process& p = process_of(o, s);
    p.start();
    emit('I', -1, s.str("process") + " started: " + p.name() + ", pid " + std::to_string(p.pid()));
}

void run_join(Objects& o, const LessonStep& s)
{
    Process& p = process_of(o, s);
    const auto t0 = now_ns();
    const bool ended = s.has("timeout") ? p.join(scaled_ms(s.number("timeout"))) : (p.join(), true);
    char took[64];
    const double secs = double(now_ns() - t0) / 1e9;
    if (speed() == 1.0)
        std::snprintf(took, sizeof took, "%.3f s", secs);
    else
        std::snprintf(took, sizeof took, "%.3f s (%.1f lesson s)", secs, secs * speed());
    emit('I', -1,
         "join " + s.str("process") + " returned after " + took + ": " +
             (ended ? "exitcode " + exit_text(p.exitcode()) : std::string("timed out, still running")));
}

void run_terminate(Objects& o, const LessonStep& s)
{
    process_of(o, s).terminate();
}

void run_kill(Objects& o, const LessonStep& s)
{
    process_of(o, s).kill();
}

void run_kill_tree(Objects& o, const LessonStep& s)
{
    const int n = process_of(o, s).kill_tree(SIGKILL);
    emit('I', -1, "kill_tree " + s.str("process") + ": " + std::to_string(n) + " process(es) killed, leaves first");
}

void run_set_daemon(Objects& o, const LessonStep& s)
{
    process_of(o, s).set_daemon(s.flag("daemon"));
}

void run_is_alive(Objects& o, const LessonStep& s)
{
    emit('I', -1, s.str("process") + ".is_alive() = " + py_bool(process_of(o, s).is_alive()));
}

void run_show(Objects& o, const LessonStep& s)
{
    Process& p = process_of(o, s);
    emit('I', -1,
         s.str("process") + ": name " + p.name() + ", pid " + std::to_string(p.pid()) + ", daemon " +
             py_bool(p.daemon()) + ", is_alive " + py_bool(p.is_alive()) + ", exitcode " + exit_text(p.exitcode()));
}

void run_active_children(Objects&, const LessonStep&)
{
    std::string list;
    for (const auto& c : active_children())
        list += (list.empty() ? "" : ", ") + c.name + " (" + std::to_string(c.pid) + ")";
    emit('I', -1, "active_children() = [" + list + "]");
}

void check_show_pid(const LessonStep& s, StepChecker& c)
{
    const std::string v = s.str("pid");
    if (v.size() < 2 || v[0] != '$')
        c.fail("pid", "'pid' must name a variable, as \"$gc\"");
    c.check_ref(v.substr(1), "variable", "pid");
}

void run_show_pid(Objects& o, const LessonStep& s)
{
    const std::string var = s.str("pid").substr(1);
    const long long pid = o.variables.at(var);
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line, ppid, state;
    while (std::getline(status, line)) {
        if (line.rfind("PPid:", 0) == 0)
            ppid = line.substr(5);
        if (line.rfind("State:", 0) == 0)
            state = line.substr(6);
    }
    auto trim = [](std::string t) {
        t.erase(0, t.find_first_not_of(" \t"));
        return t;
    };
    if (ppid.empty())
        emit('I', -1, var + " (pid " + std::to_string(pid) + "): gone (no such process)");
    else
        emit('I', -1,
             var + " (pid " + std::to_string(pid) + "): parent " + trim(ppid) +
                 (std::stol(trim(ppid)) == ::getpid() ? " (the lesson main: re-parented to it)" : "") + ", state " +
                 trim(state));
}

} // namespace

std::vector<ActionEntry> process_actions()
{
    const FieldSpec process = names("process", "process");
    return {
        {.name = "process",
         .fields = {declares("id", "process"), need("task", S), may("name", S), may("daemon", B),
                    may("start_method", S)},
         .task = TaskUse::Process,
         .describe = describe_process,
         .execute = run_process},
        {.name = "command",
         .fields = {declares("id", "process"), need("command", S), may("shell", B), may("name", S)},
         .describe = describe_command,
         .execute = run_command},
        {.name = "call",
         .fields = {need("task", S)},
         .task = TaskUse::Process,
         .describe = describe_call,
         .execute = run_call},
        {.name = "start", .fields = {process}, .execute = run_start},
        {.name = "run", .fields = {process}, .execute = run_run},
        {.name = "join", .fields = {process, may("timeout", N)}, .execute = run_join},
        {.name = "terminate", .fields = {process}, .execute = run_terminate},
        {.name = "kill", .fields = {process}, .execute = run_kill},
        {.name = "kill_tree", .fields = {process}, .execute = run_kill_tree},
        {.name = "set_daemon", .fields = {process, need("daemon", B)}, .execute = run_set_daemon},
        {.name = "is_alive", .fields = {process}, .execute = run_is_alive},
        {.name = "show", .fields = {process}, .execute = run_show},
        {.name = "active_children", .fields = {}, .execute = run_active_children},
        {.name = "show_pid", .fields = {need("pid", S)}, .check = check_show_pid, .execute = run_show_pid},
    };
}

} // namespace proclab::lessons::detail
