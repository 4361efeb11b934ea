#pragma once
// Colours and helpers shared by the plots (Okabe–Ito palette: readable with colour blindness).

#include <proclab/session.h>

#include <QColor>
#include <QString>

#include <qcustomplot.h>

namespace plotstyle {

/// Bluish green: task done.
inline QColor ok()
{
    return {0x00, 0x9E, 0x73};
}
/// Vermillion: task raised.
inline QColor error()
{
    return {0xD5, 0x5E, 0x00};
}
/// Purple: worker died mid-task.
inline QColor lost()
{
    return {0x6A, 0x3D, 0x9A};
}
/// Sky blue: running now.
inline QColor running()
{
    return {0x56, 0xB4, 0xE9};
}
/// Light grey: alive, no task.
inline QColor idle()
{
    return {0xE8, 0xE8, 0xE8};
}
/// Orange: blocked in get/put/acquire.
inline QColor wait()
{
    return {0xE6, 0x9F, 0x00};
}
/// Blue: waiting in join().
inline QColor join()
{
    return {0x00, 0x72, 0xB2};
}
inline QColor exited()
{
    return {0xB0, 0xB0, 0xB0};
}
inline QColor deadlock()
{
    return {0xD0, 0x10, 0x10};
}

/// A small coloured square and a caption, for legends in rich-text labels.
inline QString legendItem(const QColor& c, const QString& caption)
{
    return QStringLiteral("<span style=\"color:%1\">&#9632;</span>&nbsp;%2").arg(c.name(), caption.toHtmlEscaped());
}

inline QString fromStd(const std::string& s)
{
    return QString::fromStdString(s);
}

/// "Queue #3": an object as a learner refers to it (its label and its number in the session).
inline QString objectName(const proclab::ObjectRecord& o)
{
    return QString::fromStdString(o.label) + QStringLiteral(" #") + QString::number(o.id);
}

/// The object's shared-memory name, shortened to its last 8 characters ("…9507b3c1").
inline QString shortSharedName(const proclab::ObjectRecord& o)
{
    const QString name = QString::fromStdString(o.name);
    return name.size() > 10 ? QStringLiteral("…") + name.right(8) : name;
}

/// A duration for people: "850 µs", "12.3 ms", "1.25 s".
inline QString duration(std::int64_t ns)
{
    if (ns < 1'000'000)
        return QStringLiteral("%1 µs").arg(double(ns) / 1e3, 0, 'f', 0);
    if (ns < 1'000'000'000)
        return QStringLiteral("%1 ms").arg(double(ns) / 1e6, 0, 'f', 1);
    return QStringLiteral("%1 s").arg(double(ns) / 1e9, 0, 'f', 2);
}

/// The session's time origin: the earliest process start in the snapshot (or its time).
inline std::int64_t originOf(const proclab::Snapshot& s)
{
    std::int64_t o = s.taken_ns;
    for (const auto& p : s.processes)
        if (p.start_ns && p.start_ns < o)
            o = p.start_ns;
    return o;
}

/// The axes of a plot with one row per process or worker (timelines, lifetimes): time on x from
/// 0, dragged and zoomed only horizontally; rows top-down on y, named by a text ticker, no grid.
inline void setupRowAxes(QCustomPlot* plot)
{
    plot->setMinimumSize(320, 200);
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->axisRect()->setRangeDrag(Qt::Horizontal);
    plot->axisRect()->setRangeZoom(Qt::Horizontal);
    plot->yAxis->setRangeReversed(true);
    plot->yAxis->grid()->setVisible(false);
    plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText));
    plot->xAxis->setRange(0, 1);
}

} // namespace plotstyle
