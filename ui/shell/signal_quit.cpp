#include "shell/signal_quit.h"

#include <QSocketNotifier>

#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace {

int g_pipe[2] = {-1, -1};
pid_t g_owner = 0; // a forked child that inherited the handler dies of the signal as usual
constexpr int kSignals[] = {SIGTERM, SIGINT, SIGHUP};

void onSignal(int sig)
{
    if (::getpid() != g_owner) {
        ::signal(sig, SIG_DFL);
        ::raise(sig);
        return;
    }
    const int saved = errno;
    const char byte = static_cast<char>(sig);
    [[maybe_unused]] const ssize_t n = ::write(g_pipe[1], &byte, 1); // async-signal-safe; full pipe: one is enough
    errno = saved;
}

} // namespace

SignalQuit::SignalQuit(QObject* parent)
    : QObject(parent)
{
    if (g_pipe[0] < 0 && ::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return;
    g_owner = ::getpid();
    m_notifier = new QSocketNotifier(g_pipe[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &SignalQuit::readPipe);
    struct sigaction sa {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    for (int sig : kSignals)
        ::sigaction(sig, &sa, nullptr);
}

SignalQuit::~SignalQuit()
{
    for (int sig : kSignals)
        ::signal(sig, SIG_DFL);
}

void SignalQuit::readPipe()
{
    char buf[16];
    ssize_t n;
    while ((n = ::read(g_pipe[0], buf, sizeof buf)) > 0)
        for (ssize_t i = 0; i < n; ++i)
            emit received(buf[i]);
}
