#pragma once
// The session's events kept for the Chrome trace export, on disk rather than in memory: a window
// left open for hours would otherwise hold up to a million events (48 MB). Two unnamed temporary
// files take turns: when the newer one holds half the limit, the older one is emptied and the two
// swap, so between limit/2 and limit of the newest events are kept, in order.

#include <proclab/session.h>

#include <QFile>

#include <array>
#include <cstddef>
#include <memory>
#include <vector>

class TraceEventLog {
public:
    /// At most `limit` events (at least 2).
    explicit TraceEventLog(std::size_t limit);

    void append(const std::vector<proclab::SessionEvent>& events);
    void clear();
    /// Events kept, oldest first.
    std::size_t size() const { return m_count[0] + m_count[1]; }
    /// Every kept event, oldest first. Empty when the files cannot be read (reported by ok()).
    std::vector<proclab::SessionEvent> events() const;
    /// False once a write or read failed (a full disk): the trace then lacks events.
    bool ok() const { return m_ok; }

private:
    // An unnamed file (O_TMPFILE: nothing is left behind, even after a kill), else a temporary one.
    std::unique_ptr<QFile> open();
    std::size_t m_half;
    std::array<std::unique_ptr<QFile>, 2> m_files; // [0] older, [1] newer
    std::array<std::size_t, 2> m_count{};
    bool m_ok = true;
};
