#include "panels/header_meters.h"

#include <QEvent>
#include <QLocale>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace {

constexpr int kMargin = 4;
constexpr int kGap = 12; // between columns

QString bytesText(std::uint64_t bytes)
{
    return QLocale().formattedDataSize(static_cast<qint64>(bytes), 1, QLocale::DataSizeTraditionalFormat);
}

double fractionOf(std::uint64_t part, std::uint64_t whole)
{
    return whole ? std::clamp(static_cast<double>(part) / static_cast<double>(whole), 0.0, 1.0) : 0.0;
}

} // namespace

HeaderMeters::HeaderMeters(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("headerMeters"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    updateToolTip();
}

void HeaderMeters::setStats(const proclab::MachineStats& stats)
{
    const int before = rows();
    m_stats = stats;
    m_has = true;
    if (rows() != before)
        updateGeometry();
    updateToolTip();
    update();
}

int HeaderMeters::cpuColumns(int cpus)
{
    if (cpus <= 4)
        return 1;
    if (cpus <= 16)
        return 2;
    return 4;
}

QString HeaderMeters::loadText() const
{
    const QLocale l;
    return tr("Load average: %1 %2 %3")
        .arg(l.toString(m_stats.load.one, 'f', 2), l.toString(m_stats.load.five, 'f', 2),
             l.toString(m_stats.load.fifteen, 'f', 2));
}

QString HeaderMeters::tasksText() const
{
    return tr("Tasks: %1, %2 running").arg(m_stats.load.tasks).arg(m_stats.load.running);
}

QString HeaderMeters::memoryText() const
{
    return tr("%1 / %2").arg(bytesText(m_stats.memory.used()), bytesText(m_stats.memory.total));
}

QString HeaderMeters::swapText() const
{
    if (m_stats.memory.swap_total == 0)
        return tr("no swap");
    return tr("%1 / %2").arg(bytesText(m_stats.memory.swap_used()), bytesText(m_stats.memory.swap_total));
}

int HeaderMeters::rowHeight() const
{
    return fontMetrics().height() + 3;
}

int HeaderMeters::rows() const
{
    const int cpus = static_cast<int>(m_stats.cpus_percent.size());
    const int cols = cpuColumns(cpus);
    return std::max(3, (cpus + cols - 1) / cols);
}

QSize HeaderMeters::sizeHint() const
{
    return {600, rows() * rowHeight() + 2 * kMargin};
}

QSize HeaderMeters::minimumSizeHint() const
{
    return {300, sizeHint().height()};
}

void HeaderMeters::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        updateToolTip();
    if (event->type() == QEvent::FontChange)
        updateGeometry();
    QWidget::changeEvent(event);
}

void HeaderMeters::updateToolTip()
{
    setToolTip(tr("The machine now, as htop shows it: each CPU's use since the previous sample, memory in "
                  "use (without caches), swap in use, the load average over 1, 5 and 15 minutes."));
}

void HeaderMeters::paintBar(QPainter& p, const QRect& r, int labelWidth, const QString& label, double fraction,
                            const QColor& color, const QString& text) const
{
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRect(r.left(), r.top(), labelWidth, r.height()), Qt::AlignLeft | Qt::AlignVCenter, label);
    const QRect bar = r.adjusted(labelWidth, 1, 0, -1);
    p.setPen(palette().color(QPalette::Mid));
    p.setBrush(palette().color(QPalette::Base));
    p.drawRect(bar.adjusted(0, 0, -1, -1));
    const int filled = static_cast<int>(std::lround((bar.width() - 2) * std::clamp(fraction, 0.0, 1.0)));
    if (filled > 0)
        p.fillRect(QRect(bar.left() + 1, bar.top() + 1, filled, bar.height() - 2), color);
    p.setPen(palette().color(QPalette::Text));
    p.drawText(bar.adjusted(4, 0, -4, 0), Qt::AlignRight | Qt::AlignVCenter, text);
}

void HeaderMeters::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    const int rh = rowHeight();
    const QRect area = rect().adjusted(kMargin, kMargin, -kMargin, -kMargin);
    const int cpus = static_cast<int>(m_stats.cpus_percent.size());
    const int cols = cpuColumns(cpus);
    const int perCol = std::max(1, (cpus + cols - 1) / cols);
    const int leftWidth = area.width() * 55 / 100;
    const int colWidth = (leftWidth - (cols - 1) * kGap) / cols;
    const QColor cpuColor(0x4c, 0xaf, 0x50);
    const QColor memColor(0x42, 0x85, 0xf4);
    const QColor swapColor(0xe5, 0x73, 0x73);
    const QLocale l;
    const QFontMetrics fm = fontMetrics();
    const int cpuLabel = fm.horizontalAdvance(QString::number(std::max(cpus - 1, 0))) + fm.averageCharWidth();
    const int memLabel =
        std::max(fm.horizontalAdvance(tr("Mem")), fm.horizontalAdvance(tr("Swp"))) + fm.averageCharWidth();
    if (!m_has) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(area, Qt::AlignLeft | Qt::AlignVCenter, tr("Reading the machine's meters…"));
        return;
    }
    for (int i = 0; i < cpus; ++i) {
        const int col = i / perCol;
        const int row = i % perCol;
        const QRect r(area.left() + col * (colWidth + kGap), area.top() + row * rh, colWidth, rh);
        const double pct = m_stats.cpus_percent[static_cast<std::size_t>(i)];
        paintBar(p, r, cpuLabel, QString::number(i), pct / 100.0, cpuColor,
                 QStringLiteral("%1%").arg(l.toString(pct, 'f', 1)));
    }
    const int rightLeft = area.left() + leftWidth + kGap;
    const int rightWidth = area.right() - rightLeft;
    paintBar(p, QRect(rightLeft, area.top(), rightWidth, rh), memLabel, tr("Mem"),
             fractionOf(m_stats.memory.used(), m_stats.memory.total), memColor, memoryText());
    paintBar(p, QRect(rightLeft, area.top() + rh, rightWidth, rh), memLabel, tr("Swp"),
             fractionOf(m_stats.memory.swap_used(), m_stats.memory.swap_total), swapColor, swapText());
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRect(rightLeft, area.top() + 2 * rh, rightWidth, rh), Qt::AlignLeft | Qt::AlignVCenter,
               loadText() + QStringLiteral("   ") + tasksText());
}
