// helper_exit: a small external program for Process::command() tests (no ProcLab inside).
//
//   helper_exit code N          exits with N
//   helper_exit signal N        raises signal N
//   helper_exit print OUT ERR   OUT on stdout, ERR on stderr
//   helper_exit interleave      "out 1" (stdout), "err 1" (stderr), "out 2" (stdout), in that order
//   helper_exit lines N         "line 1" … "line N" on stdout
//   helper_exit echo            copies stdin to stdout until end of file
//   helper_exit count           reads stdin to its end, then prints "bytes B lines L"
//   helper_exit cwd             prints the working directory
//   helper_exit env NAME…       prints NAME=value, or NAME unset, for each NAME
//   helper_exit wait            prints "ready", then waits to be killed

#include "child_support.h"

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>

namespace {

int usage()
{
    ptest::write_all(STDERR_FILENO,
                     "usage: helper_exit code|signal|print|interleave|lines|echo|count|cwd|env|wait …\n");
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2)
        return usage();
    const std::string mode = argv[1];

    if (mode == "code" && argc == 3)
        return std::atoi(argv[2]);

    if (mode == "signal" && argc == 3) {
        const int sig = std::atoi(argv[2]);
        std::signal(sig, SIG_DFL);
        ::raise(sig);
        return 99;
    }

    if (mode == "print" && argc == 4) {
        ptest::write_all(STDOUT_FILENO, std::string(argv[2]) + "\n");
        ptest::write_all(STDERR_FILENO, std::string(argv[3]) + "\n");
        return 0;
    }

    if (mode == "interleave") {
        ptest::write_all(STDOUT_FILENO, "out 1\n");
        ptest::write_all(STDERR_FILENO, "err 1\n");
        ptest::write_all(STDOUT_FILENO, "out 2\n");
        return 0;
    }

    if (mode == "lines" && argc == 3) {
        const long n = std::atol(argv[2]);
        std::string chunk;
        for (long i = 1; i <= n; ++i) {
            chunk += "line " + std::to_string(i) + "\n";
            if (chunk.size() > 60000) {
                ptest::write_all(STDOUT_FILENO, chunk);
                chunk.clear();
            }
        }
        ptest::write_all(STDOUT_FILENO, chunk);
        return 0;
    }

    if (mode == "echo") {
        char buf[65536];
        for (;;) {
            const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return n < 0 ? 3 : 0;
            if (!ptest::write_all(STDOUT_FILENO, std::string_view(buf, size_t(n))))
                return 4;
        }
    }

    if (mode == "count") {
        char buf[65536];
        long long bytes = 0;
        long long lines = 0;
        for (;;) {
            const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                return 3;
            if (n == 0)
                break;
            bytes += n;
            for (ssize_t i = 0; i < n; ++i)
                lines += buf[i] == '\n';
        }
        ptest::emit_line("bytes " + std::to_string(bytes) + " lines " + std::to_string(lines));
        return 0;
    }

    if (mode == "cwd") {
        char buf[4096];
        if (!::getcwd(buf, sizeof buf))
            return 3;
        ptest::emit_line(buf);
        return 0;
    }

    if (mode == "env") {
        for (int i = 2; i < argc; ++i) {
            const char* value = std::getenv(argv[i]);
            ptest::emit_line(value ? std::string(argv[i]) + "=" + value : std::string(argv[i]) + " unset");
        }
        return 0;
    }

    if (mode == "wait") {
        ptest::emit_line("ready");
        ptest::wait_forever();
    }

    return usage();
}
