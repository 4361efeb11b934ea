#include <proclab/proclab.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <unistd.h>

void work(int n)
{
    std::printf("worker %d says hello from pid %d\n", n, int(getpid()));
}
PROCLAB_TASK(work);

int main()
{
    proclab::freeze_support();
    proclab::CommandOptions options;
    options.std_out = proclab::Stdio::pipe();
    proclab::Process cmd = proclab::Process::command({"echo", "hello from an external program"}, options);
    cmd.start();
    std::string out = cmd.read_all();
    cmd.join();
    std::printf("%s - exit code %d\n", out.substr(0, out.find('\n')).c_str(), *cmd.exitcode());
    std::fflush(stdout);
    proclab::Process p(work, 7);
    p.start();
    p.join();
    std::printf("function in a child - exit code %d\n", *p.exitcode());
}
