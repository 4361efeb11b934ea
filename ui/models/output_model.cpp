#include "models/output_model.h"

#include <QGuiApplication>
#include <QPalette>

#include <algorithm>

OutputModel::OutputModel(OutputStore* store, QObject* parent)
    : QAbstractListModel(parent)
    , m_store(store)
{
}

void OutputModel::setPid(int pid)
{
    if (pid == m_pid)
        return;
    m_pid = pid;
    rebuild();
}

void OutputModel::setCap(int rows)
{
    m_cap = std::max(rows, 1);
    rebuild();
}

void OutputModel::rebuild()
{
    beginResetModel();
    m_rows.clear();
    if (m_pid) {
        if (const auto* lines = m_store->lines(m_pid))
            m_rows.assign(lines->begin(), lines->end());
    } else {
        std::vector<OutputLine> all;
        for (int pid : m_store->pids())
            if (const auto* lines = m_store->lines(pid))
                all.insert(all.end(), lines->begin(), lines->end());
        std::sort(all.begin(), all.end(), [](const OutputLine& a, const OutputLine& b) { return a.seq < b.seq; });
        m_rows.assign(all.begin(), all.end());
    }
    while (static_cast<int>(m_rows.size()) > m_cap)
        m_rows.pop_front();
    endResetModel();
}

void OutputModel::appendLines(const std::vector<OutputLine>& lines)
{
    std::vector<const OutputLine*> mine;
    mine.reserve(lines.size());
    for (const auto& l : lines)
        if (!m_pid || l.pid == m_pid)
            mine.push_back(&l);
    if (mine.empty())
        return;
    // More than the cap arrived: only the newest `cap` can be shown.
    std::size_t skip =
        mine.size() > static_cast<std::size_t>(m_cap) ? mine.size() - static_cast<std::size_t>(m_cap) : 0;
    const int incoming = static_cast<int>(mine.size() - skip);
    const int overflow = static_cast<int>(m_rows.size()) + incoming - m_cap;
    if (overflow > 0) {
        beginRemoveRows({}, 0, overflow - 1);
        m_rows.erase(m_rows.begin(), m_rows.begin() + overflow);
        endRemoveRows();
    }
    const int first = static_cast<int>(m_rows.size());
    beginInsertRows({}, first, first + incoming - 1);
    for (std::size_t i = skip; i < mine.size(); ++i)
        m_rows.push_back(*mine[i]);
    endInsertRows();
}

QColor OutputModel::colorFor(int pid)
{
    // Hues spread by a golden-angle step; the lightness follows the palette, so that a blue is as
    // legible on a dark base as a yellow is on a white one.
    const int hue = static_cast<int>((static_cast<unsigned>(pid) * 137u) % 360u);
    const bool dark = QGuiApplication::palette().color(QPalette::Base).lightness() < 128;
    return QColor::fromHsl(hue, 170, dark ? 175 : 90);
}

int OutputModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant OutputModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= static_cast<int>(m_rows.size()))
        return {};
    const OutputLine& l = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        if (m_pid)
            return l.text;
        return QStringLiteral("[%1] %2").arg(l.pid).arg(l.text);
    case Qt::ForegroundRole:
        return l.stderrLine ? QColor(0xd9, 0x4f, 0x2b) : colorFor(l.pid);
    case Qt::ToolTipRole:
        return l.stderrLine ? tr("stderr of PID %1").arg(l.pid) : tr("stdout of PID %1").arg(l.pid);
    case PidRole:
        return l.pid;
    case StderrRole:
        return l.stderrLine;
    default:
        return {};
    }
}
