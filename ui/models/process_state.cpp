#include "models/process_state.h"

#include <QCoreApplication>
#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

DisplayState displayStateOf(const proclab::ProcessRecord& record)
{
    using proclab::RunState;
    switch (record.state) {
    case RunState::Created:
        return DisplayState::Created;
    case RunState::Running:
        return DisplayState::Running;
    case RunState::Blocked:
        return DisplayState::Blocked;
    case RunState::Stopped:
        return DisplayState::Stopped;
    case RunState::Zombie:
        return DisplayState::Zombie;
    case RunState::Exited:
    case RunState::Killed:
        break;
    }
    if (record.observed && !record.exitcode)
        return DisplayState::Ended;
    if (!record.joined)
        return DisplayState::Zombie;
    const int code = record.exitcode.value_or(0);
    if (code < 0)
        return DisplayState::Killed;
    return code == 0 ? DisplayState::ExitedOk : DisplayState::Failed;
}

bool isLive(DisplayState state)
{
    return state == DisplayState::Created || state == DisplayState::Running || state == DisplayState::Blocked ||
           state == DisplayState::Stopped;
}

QString displayStateName(DisplayState state)
{
    switch (state) {
    case DisplayState::Created:
        return QCoreApplication::translate("ProcessState", "created");
    case DisplayState::Running:
        return QCoreApplication::translate("ProcessState", "running");
    case DisplayState::Blocked:
        return QCoreApplication::translate("ProcessState", "blocked");
    case DisplayState::Stopped:
        return QCoreApplication::translate("ProcessState", "stopped");
    case DisplayState::ExitedOk:
        return QCoreApplication::translate("ProcessState", "exited ok");
    case DisplayState::Failed:
        return QCoreApplication::translate("ProcessState", "failed");
    case DisplayState::Killed:
        return QCoreApplication::translate("ProcessState", "killed");
    case DisplayState::Zombie:
        return QCoreApplication::translate("ProcessState", "zombie");
    case DisplayState::Ended:
        return QCoreApplication::translate("ProcessState", "ended");
    case DisplayState::Count:
        break;
    }
    return {};
}

QString displayStateExplanation(DisplayState state)
{
    switch (state) {
    case DisplayState::Created:
        return QCoreApplication::translate("ProcessState", "Created but not started yet: start() has not been called.");
    case DisplayState::Running:
        return QCoreApplication::translate("ProcessState", "Running: the process is alive and may use the CPU.");
    case DisplayState::Blocked:
        return QCoreApplication::translate("ProcessState",
                                           "Blocked: the process sleeps until a queue, lock, event or child it "
                                           "waits on is ready.");
    case DisplayState::Stopped:
        return QCoreApplication::translate("ProcessState",
                                           "Stopped: paused by SIGSTOP; it resumes on SIGCONT (Continue).");
    case DisplayState::ExitedOk:
        return QCoreApplication::translate("ProcessState", "Exited with code 0: the process finished successfully.");
    case DisplayState::Failed:
        return QCoreApplication::translate("ProcessState",
                                           "Failed: the process exited with a non-zero code (1 when a task threw).");
    case DisplayState::Killed:
        return QCoreApplication::translate("ProcessState",
                                           "Killed: a signal ended the process; its exit code is minus the signal "
                                           "number.");
    case DisplayState::Zombie:
        return QCoreApplication::translate("ProcessState",
                                           "Zombie: the process has ended but its parent has not collected its exit "
                                           "code yet (join()).");
    case DisplayState::Ended:
        return QCoreApplication::translate("ProcessState",
                                           "Ended: an observed process ended and its own parent collected its exit "
                                           "code, which ProcLab cannot see.");
    case DisplayState::Count:
        break;
    }
    return {};
}

QColor displayStateColor(DisplayState state)
{
    // Mid-tone colours: legible as text on white and on a dark base alike.
    switch (state) {
    case DisplayState::Created:
        return QColor(0x80, 0x80, 0x80);
    case DisplayState::Running:
        return QColor(0x2e, 0x9e, 0x44);
    case DisplayState::Blocked:
        return QColor(0xd0, 0x8a, 0x00);
    case DisplayState::Stopped:
        return QColor(0x3f, 0x7f, 0xd8);
    case DisplayState::ExitedOk:
        return QColor(0x6b, 0x8e, 0x6b);
    case DisplayState::Failed:
        return QColor(0xd9, 0x4f, 0x2b);
    case DisplayState::Killed:
        return QColor(0xc0, 0x30, 0x70);
    case DisplayState::Zombie:
        return QColor(0x8e, 0x5c, 0xc4);
    case DisplayState::Ended:
        return QColor(0x9c, 0x72, 0x4a);
    case DisplayState::Count:
        break;
    }
    return {};
}

QIcon displayStateIcon(DisplayState state)
{
    static QHash<int, QIcon> cache;
    const int key = static_cast<int>(state);
    auto it = cache.constFind(key);
    if (it != cache.constEnd())
        return *it;

    constexpr int S = 32;
    QPixmap pm(S, S);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor c = displayStateColor(state);
    p.setPen(QPen(c.darker(130), 2));
    p.setBrush(c);
    const QRectF r(3, 3, S - 6, S - 6);
    switch (state) {
    case DisplayState::Created:
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(r);
        break;
    case DisplayState::Running: { // a play triangle in a disc
        p.drawEllipse(r);
        QPainterPath tri;
        tri.moveTo(12, 9);
        tri.lineTo(23, 16);
        tri.lineTo(12, 23);
        tri.closeSubpath();
        p.fillPath(tri, Qt::white);
        break;
    }
    case DisplayState::Blocked: // an hourglass
        p.drawEllipse(r);
        p.setPen(QPen(Qt::white, 2.5));
        p.drawLine(QPointF(11, 10), QPointF(21, 10));
        p.drawLine(QPointF(11, 22), QPointF(21, 22));
        p.drawLine(QPointF(11, 10), QPointF(21, 22));
        p.drawLine(QPointF(21, 10), QPointF(11, 22));
        break;
    case DisplayState::Stopped: // pause bars
        p.drawEllipse(r);
        p.fillRect(QRectF(11, 10, 4, 12), Qt::white);
        p.fillRect(QRectF(17, 10, 4, 12), Qt::white);
        break;
    case DisplayState::ExitedOk: // a check mark
        p.drawEllipse(r);
        p.setPen(QPen(Qt::white, 3));
        p.drawPolyline(QPolygonF({QPointF(10, 16), QPointF(14, 21), QPointF(22, 11)}));
        break;
    case DisplayState::Failed: // an exclamation mark
        p.drawEllipse(r);
        p.fillRect(QRectF(14.5, 8, 3, 10), Qt::white);
        p.fillRect(QRectF(14.5, 20.5, 3, 3), Qt::white);
        break;
    case DisplayState::Killed: // a cross
        p.drawRoundedRect(r, 5, 5);
        p.setPen(QPen(Qt::white, 3));
        p.drawLine(QPointF(11, 11), QPointF(21, 21));
        p.drawLine(QPointF(21, 11), QPointF(11, 21));
        break;
    case DisplayState::Zombie: // a hollow disc with a dot: ended, not collected
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(c, 3));
        p.drawEllipse(r.adjusted(1, 1, -1, -1));
        p.setBrush(c);
        p.setPen(Qt::NoPen);
        p.drawEllipse(QRectF(12, 12, 8, 8));
        break;
    case DisplayState::Ended: // a disc with a bar: over, its outcome unknown here
        p.drawEllipse(r);
        p.fillRect(QRectF(9, 14.5, 14, 3), Qt::white);
        break;
    case DisplayState::Count:
        break;
    }
    p.end();
    QIcon icon(pm);
    cache.insert(key, icon);
    return icon;
}

std::array<DisplayState, static_cast<int>(DisplayState::Count)> allDisplayStates()
{
    std::array<DisplayState, static_cast<int>(DisplayState::Count)> out{};
    for (int i = 0; i < static_cast<int>(DisplayState::Count); ++i)
        out[static_cast<std::size_t>(i)] = static_cast<DisplayState>(i);
    return out;
}

QString exitCodeText(const std::optional<int>& code)
{
    if (!code)
        return {};
    // describe_exitcode spells the minus sign as U+2212, as a learner reads it.
    return QString::fromStdString(proclab::describe_exitcode(*code));
}

QString kernelWaitText(proclab::KernelWait wait)
{
    using proclab::KernelWait;
    switch (wait) {
    case KernelWait::None:
        return {};
    case KernelWait::Sleep:
        return QCoreApplication::translate("ProcessState", "sleeping (nanosleep)");
    case KernelWait::Futex:
        return QCoreApplication::translate("ProcessState", "waiting on a futex");
    case KernelWait::PipeRead:
        return QCoreApplication::translate("ProcessState", "reading a pipe");
    case KernelWait::PipeWrite:
        return QCoreApplication::translate("ProcessState", "writing to a full pipe");
    case KernelWait::Read:
        return QCoreApplication::translate("ProcessState", "reading (terminal or file)");
    case KernelWait::Write:
        return QCoreApplication::translate("ProcessState", "writing (terminal or file)");
    case KernelWait::Poll:
        return QCoreApplication::translate("ProcessState", "in select/poll");
    case KernelWait::Child:
        return QCoreApplication::translate("ProcessState", "waiting for a child");
    case KernelWait::Signal:
        return QCoreApplication::translate("ProcessState", "waiting for a signal");
    case KernelWait::Socket:
        return QCoreApplication::translate("ProcessState", "waiting on a socket");
    case KernelWait::Disk:
        return QCoreApplication::translate("ProcessState", "waiting for disk I/O");
    case KernelWait::Stopped:
        return QCoreApplication::translate("ProcessState", "stopped");
    case KernelWait::Zombie:
        return QCoreApplication::translate("ProcessState", "zombie: waiting to be reaped");
    case KernelWait::Other:
        return QCoreApplication::translate("ProcessState", "in the kernel");
    }
    return {};
}

// An eye: a row seen in /proc, not started through ProcLab (painted: no SVG plugin needed).
QIcon observedIcon()
{
    static const QIcon icon = [] {
        QPixmap pm(16, 16);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(QPen(QColor(0x55, 0x6b, 0x8d), 1.4));
        QPainterPath eye;
        eye.moveTo(1.5, 8);
        eye.quadTo(8, 1.5, 14.5, 8);
        eye.quadTo(8, 14.5, 1.5, 8);
        p.drawPath(eye);
        p.setBrush(QColor(0x55, 0x6b, 0x8d));
        p.drawEllipse(QPointF(8, 8), 2.3, 2.3);
        return QIcon(pm);
    }();
    return icon;
}
