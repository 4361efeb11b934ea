#include "models/output_model.h"

#include <QGuiApplication>
#include <QPalette>

#include <algorithm>
#include <iterator>

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
        const std::vector<OutputLine> lines = m_store->lines(m_pid);
        m_rows.assign(lines.begin(), lines.end());
    } else {
        std::vector<OutputLine> all;
        for (int pid : m_store->pids()) {
            std::vector<OutputLine> lines = m_store->lines(pid);
            all.insert(all.end(), std::make_move_iterator(lines.begin()), std::make_move_iterator(lines.end()));
        }
        std::sort(all.begin(), all.end(), [](const OutputLine& a, const OutputLine& b) { return a.seq < b.seq; });
        m_rows.assign(std::make_move_iterator(all.begin()), std::make_move_iterator(all.end()));
    }
    (void)trimmed(m_rows);
    endResetModel();
}

void OutputModel::reload()
{
    rebuild();
}

std::size_t OutputModel::trimmed(std::deque<OutputLine>& rows) const
{
    // Over the cap, the oldest stdout rows go first; stderr rows stay, up to half the cap.
    const std::size_t cap = static_cast<std::size_t>(m_cap);
    if (rows.size() <= cap)
        return 0;
    const std::size_t excess = rows.size() - cap;
    const std::size_t errors = static_cast<std::size_t>(
        std::count_if(rows.begin(), rows.end(), [](const OutputLine& r) { return r.stderrLine; }));
    std::size_t dropErrors = std::min(errors - std::min(errors, cap / 2), excess);
    std::size_t dropOut = excess - dropErrors;
    std::size_t prefix = 0; // rows removed before the first kept one
    std::deque<OutputLine> kept;
    for (auto& r : rows) {
        std::size_t& quota = r.stderrLine ? dropErrors : dropOut;
        if (quota > 0) {
            --quota;
            if (kept.empty())
                ++prefix;
            continue;
        }
        kept.push_back(std::move(r));
    }
    rows.swap(kept);
    return prefix == excess ? prefix : std::size_t(-1);
}

void OutputModel::appendLines(const std::vector<OutputLine>& lines)
{
    std::size_t mine = 0;
    for (const auto& l : lines)
        mine += (!m_pid || l.pid == m_pid) ? 1 : 0;
    if (mine == 0)
        return;
    if (m_rows.size() + mine <= static_cast<std::size_t>(m_cap)) { // room for all: one insert
        const int first = static_cast<int>(m_rows.size());
        beginInsertRows({}, first, first + static_cast<int>(mine) - 1);
        for (const auto& l : lines)
            if (!m_pid || l.pid == m_pid)
                m_rows.push_back(l);
        endInsertRows();
        return;
    }
    std::deque<OutputLine> next = m_rows;
    const std::size_t old = m_rows.size();
    std::size_t incoming = 0;
    for (const auto& l : lines) {
        if (!m_pid || l.pid == m_pid) {
            next.push_back(l);
            ++incoming;
        }
    }
    if (incoming == 0)
        return;
    const std::size_t removed = trimmed(next);
    if (removed == std::size_t(-1) || removed > old) {
        // Rows kept out of order of removal (a stderr row stays), or new rows dropped: all anew.
        beginResetModel();
        m_rows.swap(next);
        endResetModel();
        return;
    }
    if (removed > 0) {
        beginRemoveRows({}, 0, static_cast<int>(removed) - 1);
        m_rows.erase(m_rows.begin(), m_rows.begin() + static_cast<long>(removed));
        endRemoveRows();
    }
    const int first = static_cast<int>(m_rows.size());
    beginInsertRows({}, first, first + static_cast<int>(incoming) - 1);
    m_rows.insert(m_rows.end(), next.end() - static_cast<long>(incoming), next.end());
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
    case TimeRole:
        return l.timeNs;
    case StderrRole:
        return l.stderrLine;
    default:
        return {};
    }
}
