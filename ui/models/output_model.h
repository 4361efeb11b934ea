#pragma once
// The output lines shown: one process's or every process's, capped (the oldest stdout rows are
// removed first; stderr rows stay, up to half the cap). Fed
// once per tick with the lines that arrived (appendLines), rebuilt from the store when the
// process shown changes, so nothing is lost by switching.

#include "models/output_store.h"

#include <QAbstractListModel>
#include <QColor>

#include <deque>

class OutputModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role { PidRole = Qt::UserRole + 1, StderrRole, TimeRole /* OutputLine::timeNs */ };

    explicit OutputModel(OutputStore* store, QObject* parent = nullptr);

    /// 0: every process.
    void setPid(int pid);
    int pid() const { return m_pid; }
    /// Rows kept (default 20,000).
    void setCap(int rows);
    int cap() const { return m_cap; }

    /// Appends the lines of `lines` that belong to what is shown (one insert, one removal; a
    /// reset when the cap keeps a stderr row above removed ones).
    void appendLines(const std::vector<OutputLine>& lines);
    /// Rebuilds the rows from the store (after new lines were skipped).
    void reload();

    /// A colour for `pid`, stable for the run, readable on light and dark palettes.
    static QColor colorFor(int pid);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    void rebuild();
    /// Applies the cap to `rows`; returns how many rows were removed when they were all in front
    /// of the kept ones, else size_t(-1).
    std::size_t trimmed(std::deque<OutputLine>& rows) const;

    OutputStore* m_store;
    std::deque<OutputLine> m_rows;
    int m_pid = 0;
    int m_cap = 20000;
};
