// helper_tree: a program built on ProcLab whose children the core tests watch from outside.
// Every line goes to stdout in one write (children share the pipe). METHOD is fork, spawn or
// forkserver; it becomes the program's default start method (set first thing in main).
//
//   helper_tree tree METHOD
//       starts a child that starts a grandchild (always by fork); prints "main PID",
//       "node 1 PID" (child), "node 0 PID" (grandchild); all of them wait to be killed.
//   helper_tree daemon METHOD plain|record|ignore RECORD_FILE
//       starts a daemon child that prints "ready PID" and waits (record: writes "SIGTERM" into
//       RECORD_FILE when it gets SIGTERM, then exits; ignore: ignores SIGTERM); prints
//       "daemon PID", then returns from main() once a line (or end of file) arrives on stdin.
//   helper_tree nondaemon METHOD RELEASE_FILE DONE_FILE
//       starts a non-daemon child that waits until RELEASE_FILE exists, writes DONE_FILE and
//       prints "child done"; main prints "child PID" and "main returning", then returns.
//   helper_tree throw METHOD runtime_error|invalid_argument|out_of_range MESSAGE
//       runs a task that throws that exception; prints "exitcode N" and "name NAME".
//   helper_tree names METHOD
//       prints "main P1 P2 MAINNAME PARENT" (names of two Process objects, of this process, and
//       "none" when parent_process() is empty), then a child prints
//       "child NAME Q1 Q2 PARENTNAME PARENTPID" (its own name, the names of two Process objects it
//       creates, its parent's name and pid).

#include "child_support.h"

#include <proclab/proclab.h>

#include <csignal>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>

using namespace std::chrono_literals;

namespace {

int g_record_fd = -1;

extern "C" void record_sigterm(int)
{
    static const char text[] = "SIGTERM\n";
    [[maybe_unused]] const ssize_t n = ::write(g_record_fd, text, sizeof text - 1);
    ::_exit(0);
}

void noop() {}

void tree_node(int depth)
{
    std::optional<proclab::Process> child;
    if (depth > 0) {
        child.emplace(tree_node, depth - 1);
        child->set_start_method(proclab::StartMethod::Fork);
        child->start();
    }
    ptest::emit_line("node " + std::to_string(depth) + " " + std::to_string(::getpid()));
    ptest::wait_forever();
}

void daemon_sleeper(const std::string& behaviour, const std::string& record_file)
{
    if (behaviour == "record") {
        g_record_fd = ::open(record_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        struct sigaction sa {};
        sa.sa_handler = record_sigterm;
        ::sigaction(SIGTERM, &sa, nullptr);
    } else if (behaviour == "ignore") {
        std::signal(SIGTERM, SIG_IGN);
    }
    ptest::emit_line("ready " + std::to_string(::getpid()));
    ptest::wait_forever();
}

void wait_release(const std::string& release_file, const std::string& done_file)
{
    const bool released = ptest::wait_for_file(release_file, 60s);
    ptest::write_file_atomic(done_file, released ? "released" : "timeout");
    ptest::emit_line("child done");
}

void throw_task(const std::string& type, const std::string& message)
{
    if (type == "invalid_argument")
        throw std::invalid_argument(message);
    if (type == "out_of_range")
        throw std::out_of_range(message);
    throw std::runtime_error(message);
}

void report_names()
{
    proclab::Process q1(noop);
    proclab::Process q2(noop);
    const auto parent = proclab::parent_process();
    ptest::emit_line("child " + proclab::current_process().name + " " + q1.name() + " " + q2.name() + " " +
                     (parent ? parent->name + " " + std::to_string(parent->pid) : std::string("none")));
}

} // namespace

PROCLAB_TASK(noop);
PROCLAB_TASK(tree_node);
PROCLAB_TASK(daemon_sleeper);
PROCLAB_TASK(wait_release);
PROCLAB_TASK(throw_task);
PROCLAB_TASK(report_names);

int main(int argc, char** argv)
{
    proclab::freeze_support();
    if (argc < 3) {
        std::cerr << "usage: helper_tree tree|daemon|nondaemon|throw|names METHOD …\n";
        return 2;
    }
    const std::string mode = argv[1];
    const std::string method_name = argv[2];
    if (method_name == "spawn")
        proclab::set_start_method(proclab::StartMethod::Spawn);
    else if (method_name == "forkserver")
        proclab::set_start_method(proclab::StartMethod::ForkServer);
    else
        proclab::set_start_method(proclab::StartMethod::Fork);

    if (mode == "tree") {
        proclab::Process child(tree_node, 1);
        child.start();
        ptest::emit_line("main " + std::to_string(::getpid()));
        ptest::wait_forever();
    }

    if (mode == "daemon" && argc == 5) {
        proclab::Process child(daemon_sleeper, std::string(argv[3]), std::string(argv[4]));
        child.set_daemon(true);
        child.start();
        ptest::emit_line("daemon " + std::to_string(child.pid()));
        std::string line;
        std::getline(std::cin, line);
        return 0; // the daemon child is terminated as main() returns
    }

    if (mode == "nondaemon" && argc == 5) {
        proclab::Process child(wait_release, std::string(argv[3]), std::string(argv[4]));
        child.start();
        ptest::emit_line("child " + std::to_string(child.pid()));
        ptest::emit_line("main returning");
        return 0; // the non-daemon child is joined as main() returns
    }

    if (mode == "throw" && argc == 5) {
        proclab::Process child(throw_task, std::string(argv[3]), std::string(argv[4]));
        child.start();
        child.join();
        const auto code = child.exitcode();
        ptest::emit_line("exitcode " + (code ? std::to_string(*code) : std::string("none")));
        ptest::emit_line("name " + child.name());
        return 0;
    }

    if (mode == "names") {
        proclab::Process p1(report_names);
        proclab::Process p2(noop);
        ptest::emit_line("main " + p1.name() + " " + p2.name() + " " + proclab::current_process().name + " " +
                         (proclab::parent_process() ? "some" : "none"));
        p1.start();
        p1.join();
        return 0;
    }

    std::cerr << "helper_tree: bad arguments\n";
    return 2;
}
