// Uses the installed ProcLab: a registered task with arguments, run by a fork-started Process.
#include <proclab/proclab.h>

#include <cstdio>
#include <stdexcept>
#include <string>

namespace {

void check_arguments(int number, const std::string& word)
{
    if (number != 42 || word != "consumer")
        throw std::runtime_error("the task received the wrong arguments");
}

} // namespace

PROCLAB_TASK(check_arguments);

int main()
{
    proclab::freeze_support();

    proclab::Process process(check_arguments, 42, std::string("consumer"));
    process.set_start_method(proclab::StartMethod::Fork);
    process.start();
    process.join();

    const std::optional<int> code = process.exitcode();
    if (code != 0) {
        std::fprintf(stderr, "consumer: the child ended with exit code %d\n", code.value_or(-1000));
        return 1;
    }
    std::puts("consumer ok");
    return 0;
}
