#pragma once
// The session's events kept for the Chrome trace export, on disk rather than in memory: a window
// left open for hours would otherwise hold up to a million events (48 MB). Two unnamed temporary
// files take turns: when the newer one holds half the limit, the older one is emptied and the two
// swap, so between limit/2 and limit of the newest events are kept, in order. An event is stored as
// 48 bytes; the host of a relayed process's event as an index into the hosts seen (a few).

#include <proclab/session.h>

#include <QFile>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
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
    struct Stored {
        std::uint64_t seq;
        std::int64_t t_ns;
        std::int32_t pid;
        std::uint32_t object;
        std::uint16_t kind;
        std::uint16_t host; // 0: this host, else m_hosts[host - 1]
        std::uint32_t reserved;
        std::int64_t arg;
        std::uint64_t arg2;
    };
    static_assert(sizeof(Stored) == 48);
    std::uint16_t hostIndex(const std::string& host);

    // An unnamed file (O_TMPFILE: nothing is left behind, even after a kill), else a temporary one.
    std::unique_ptr<QFile> open();
    std::size_t m_half;
    std::array<std::unique_ptr<QFile>, 2> m_files; // [0] older, [1] newer
    std::array<std::size_t, 2> m_count{};
    std::vector<std::string> m_hosts;
    bool m_ok = true;
};
