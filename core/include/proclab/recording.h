#pragma once
// Recording and replay of a session: what the GUI saw, tick by tick, in a file.
//
// A Recorder appends, on each sampling tick, the snapshot taken then and the events read since
// the previous tick. A Recording opens such a file and answers "what was the state at time t":
// the snapshot taken at (or last before) t and the events between two times. Replaying a
// recording through the same views as a live session shows every panel as it was at t.
//
// File format (little-endian, version 1):
//   header:  "PLREC001" (8 bytes), u32 version, u32 name length, session name bytes
//   records: u32 magic 0x4B52_4C50 ("PLRK"), u8 type (1 snapshot, 2 events), 3 bytes zero,
//            u64 payload length, u32 FNV-1a checksum of the payload, payload (cereal binary)
// Records are self-delimiting: a file cut at any point is detected (the last record's length or
// checksum does not match) and reported with its offset.

#include <proclab/session.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace proclab {

/// Appends ticks to a recording file. Move-only; the file is flushed after every tick.
class Recorder {
public:
    /// Creates (truncates) `path` and writes the header. Error naming the file when it cannot.
    Recorder(const std::string& path, const std::string& session_name);
    Recorder(Recorder&& other) noexcept;
    Recorder& operator=(Recorder&& other) noexcept;
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;
    ~Recorder();

    /// Appends one tick: the snapshot and the events read since the previous tick (may be empty).
    /// Error naming the file when the write fails.
    void append(const Snapshot& snap, const std::vector<SessionEvent>& events);
    /// Flushes and closes the file; further appends → Error. Also done by the destructor.
    void close();

    const std::string& path() const noexcept { return m_path; }
    std::uint64_t ticks() const noexcept { return m_ticks; }
    std::uint64_t bytes_written() const noexcept { return m_bytes; }

private:
    void write_record(std::uint8_t type, const std::string& payload);

    std::string m_path;
    std::FILE* m_file = nullptr;
    std::uint64_t m_ticks = 0;
    std::uint64_t m_bytes = 0;
};

/// A recording opened for replay; the whole file is read and checked by the constructor.
class Recording {
public:
    /// Opens and checks `path`. Error ("recording <path>: <what> at offset N") when the file is
    /// missing, not a recording, of an unknown version, truncated or corrupted.
    explicit Recording(const std::string& path);

    const std::string& path() const noexcept { return m_path; }
    const std::string& session() const noexcept { return m_session; }
    /// Number of ticks (snapshots) recorded.
    std::size_t ticks() const noexcept { return m_snapshots.size(); }
    /// Time range (CLOCK_MONOTONIC ns) covered: the first and last snapshot's taken_ns (0, 0 when empty).
    std::int64_t begin_ns() const noexcept;
    std::int64_t end_ns() const noexcept;
    /// taken_ns of every tick, ascending.
    std::vector<std::int64_t> tick_times() const;

    /// The snapshot taken at t, or the last one taken before t; the first one when t precedes it.
    /// An empty Snapshot when the recording has no tick.
    const Snapshot& snapshot_at(std::int64_t t_ns) const;
    /// Events with a < t_ns <= b, in sequence order.
    std::vector<SessionEvent> events_between(std::int64_t a_ns, std::int64_t b_ns) const;
    /// Every event recorded, in sequence order.
    const std::vector<SessionEvent>& events() const noexcept { return m_events; }

private:
    std::string m_path;
    std::string m_session;
    std::vector<Snapshot> m_snapshots;  // ascending taken_ns
    std::vector<SessionEvent> m_events; // ascending t_ns (stable in sequence order)
};

} // namespace proclab
