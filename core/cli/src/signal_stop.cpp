// SignalStop: a self-pipe written by the signal handler, read by a watcher thread.
#include "signal_stop.h"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace proclab::cli {

namespace {

constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};
std::atomic<int> g_write_fd{-1};
struct sigaction g_previous[3];

extern "C" void on_signal(int sig)
{
    const int saved = errno;
    const unsigned char byte = static_cast<unsigned char>(sig);
    if (const int fd = g_write_fd.load(); fd >= 0)
        static_cast<void>(::write(fd, &byte, 1));
    errno = saved;
}

} // namespace

SignalStop::SignalStop(std::function<void()> on_signal_)
    : m_onSignal(std::move(on_signal_))
{
    if (::pipe2(m_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return;
    g_write_fd.store(m_pipe[1]);
    for (int i = 0; i < 3; ++i) {
        struct sigaction sa {};
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        ::sigaction(kSignals[i], &sa, &g_previous[i]);
    }
    m_watcher = std::thread([this] {
        for (;;) {
            pollfd p{m_pipe[0], POLLIN, 0};
            if (::poll(&p, 1, -1) < 0 && errno == EINTR)
                continue;
            unsigned char byte = 0;
            if (::read(m_pipe[0], &byte, 1) != 1)
                continue;
            if (byte == 0)
                return; // the destructor's wake-up
            if (m_signal.exchange(byte) == 0 && m_onSignal)
                m_onSignal();
        }
    });
}

SignalStop::~SignalStop()
{
    if (m_pipe[1] < 0)
        return;
    for (int i = 0; i < 3; ++i)
        ::sigaction(kSignals[i], &g_previous[i], nullptr);
    g_write_fd.store(-1);
    const unsigned char stop = 0;
    static_cast<void>(::write(m_pipe[1], &stop, 1));
    if (m_watcher.joinable())
        m_watcher.join();
    ::close(m_pipe[0]);
    ::close(m_pipe[1]);
}

} // namespace proclab::cli
