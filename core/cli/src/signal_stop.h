#pragma once
// Private to proclab::cli: SIGINT, SIGTERM and SIGHUP as a normal end of a long command (run):
// the handler only writes the signal number to a pipe; a watcher thread reads it and asks the
// command to stop, which then returns as usual (children ended, objects removed).

#include <atomic>
#include <functional>
#include <thread>

namespace proclab::cli {

class SignalStop {
public:
    /// Installs the handlers; `on_signal` runs on the watcher thread at the first signal.
    explicit SignalStop(std::function<void()> on_signal);
    /// Restores the previous handlers.
    ~SignalStop();
    SignalStop(const SignalStop&) = delete;
    SignalStop& operator=(const SignalStop&) = delete;

    /// The signal that came (0: none): the command exits with 128 + it, as a shell reports it.
    int signal() const noexcept { return m_signal.load(); }

private:
    std::function<void()> m_onSignal;
    std::atomic<int> m_signal{0};
    int m_pipe[2] = {-1, -1};
    std::thread m_watcher;
};

} // namespace proclab::cli
