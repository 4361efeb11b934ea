#pragma once
// The pool timeline's data: task spans per worker and wait spans per process, built from the
// session's TaskBegin/TaskEnd, WaitBegin/WaitEnd and JoinBegin/JoinEnd events. No Qt widgets here.
//
// Layout: one Track per (pid, lane). A track keeps its spans in struct-of-arrays form sorted by
// begin (begin, end, id, kind, function), with prefix counts of errors and lost tasks so that a
// run of spans can be summarized in O(1). visit() walks only the visible range and merges the
// spans that fall within one pixel (one binary search per pixel), so drawing costs
// O(pixels · log n) whatever the number of spans.
//
// Memory bound (a long live session): a track keeps at most maxSpansPerTrack exact spans. Beyond
// that its oldest half is folded into aggregated bins (begin, end, busy time, count, errors,
// lost), and when a track holds more than maxBinsPerTrack bins adjacent pairs are merged. The
// history is never forgotten (totals, busy time and the shape stay), only its resolution drops.

#include <proclab/session.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

class TimelineStore {
public:
    enum class Lane : std::uint8_t { Tasks, Waits };
    enum class Kind : std::uint8_t { Ok, Error, Lost, Wait, Join };

    struct Span {
        std::int64_t begin = 0;
        std::int64_t end = 0;
        std::uint64_t id = 0; // task id; object id (Wait); child pid (Join)
        Kind kind = Kind::Ok;
        std::uint16_t detail = 0; // function index (tasks; see function()); WaitOp (waits)
    };
    /// Aggregated older history of a track.
    struct Bin {
        std::int64_t begin = 0;
        std::int64_t end = 0;
        std::int64_t busyNs = 0;
        std::uint32_t count = 0;
        std::uint32_t errors = 0;
        std::uint32_t lost = 0;
    };
    /// What visit() hands out: one exact span (count 1) or several merged into one pixel / a bin.
    struct Piece {
        std::int64_t begin = 0;
        std::int64_t end = 0;
        std::uint32_t count = 1;
        Kind kind = Kind::Ok;    // of the span; for merged pieces the worst (Lost > Error > Ok)
        bool aggregated = false; // from a bin: `busyFraction` of it was busy
        double busyFraction = 1.0;
        std::int64_t index = -1; // exact span index when count == 1 and not aggregated
    };
    struct SlowTask {
        pid_t pid = 0;
        std::uint64_t task = 0;
        std::int64_t begin = 0;
        std::int64_t durationNs = 0;
        std::uint16_t function = 0;
        Kind kind = Kind::Ok;
    };
    struct OpenSpan {
        std::int64_t begin = 0;
        std::uint64_t id = 0;
        Kind kind = Kind::Ok;
        std::uint16_t detail = 0;
    };

    class Track {
    public:
        pid_t pid = 0;
        Lane lane = Lane::Tasks;
        proclab::ObjectId pool = proclab::kNoObject; // last pool seen (tasks)

        std::size_t size() const { return m_begin.size(); }
        Span span(std::size_t i) const;
        const std::vector<Bin>& bins() const { return m_bins; }
        /// Running task (at most one) or open waits (a stack), not yet ended.
        const std::vector<OpenSpan>& open() const { return m_open; }
        std::int64_t busyNs() const { return m_busyNs; } // every closed span, folded ones too
        std::uint64_t count() const { return m_count; }  // closed spans ever
        std::uint64_t errors() const { return m_errors; }
        std::uint64_t lost() const { return m_lost; }
        std::int64_t firstNs() const { return m_first; } // first begin (0: none)
        std::int64_t lastNs() const { return m_last; }   // last end seen
        /// Exact index of the span containing t (or -1).
        std::int64_t spanAt(std::int64_t t) const;
        std::size_t memoryBytes() const;

    private:
        friend class TimelineStore;
        void add(const Span& s, std::size_t maxSpans, std::size_t maxBins);
        void fold(std::size_t n, std::size_t maxBins);
        void rebuildPrefix(std::size_t from);

        std::vector<std::int64_t> m_begin, m_end;
        std::vector<std::uint64_t> m_id;
        std::vector<Kind> m_kind;
        std::vector<std::uint16_t> m_detail;
        std::vector<std::uint32_t> m_errPrefix, m_lostPrefix; // counts in [0, i), size()+1 entries
        std::vector<Bin> m_bins;
        std::vector<OpenSpan> m_open;
        std::int64_t m_busyNs = 0, m_first = 0, m_last = 0;
        std::uint64_t m_count = 0, m_errors = 0, m_lost = 0;
    };

    /// 65,536 exact spans per worker (about 2.8 MiB); with 8 workers half a million spans.
    static constexpr std::size_t kDefaultMaxSpans = 65536;
    static constexpr std::size_t kDefaultMaxBins = 4096;

    explicit TimelineStore(std::size_t maxSpansPerTrack = kDefaultMaxSpans,
                           std::size_t maxBinsPerTrack = kDefaultMaxBins);

    void clear();
    /// Changes the bounds (applied from the next span added to a track).
    void setLimits(std::size_t maxSpansPerTrack, std::size_t maxBinsPerTrack = kDefaultMaxBins);
    std::size_t maxSpansPerTrack() const { return m_maxSpans; }
    /// Learns task functions (a worker's current task), pools and failed tasks' exception texts from
    /// a snapshot. Call it before addEvents() of the same frame.
    void observe(const proclab::Snapshot& snap);
    /// Pairs begin/end events into spans.
    void addEvents(const std::vector<proclab::SessionEvent>& events);
    /// Adds a closed span directly (benchmarks, tests); spans of a track should come in begin order.
    void addSpan(pid_t pid, Lane lane, const Span& span);
    /// Drops the tracks of processes that `snap` (a live session's) no longer holds: the session
    /// forgot them (it keeps its last 1,024 processes), so a long-lived window keeps a bounded
    /// number of rows instead of one per worker ever seen. Returns how many tracks went.
    std::size_t forgetProcessesNotIn(const proclab::Snapshot& snap);

    std::size_t trackCount() const { return m_tracks.size(); }
    const Track& track(std::size_t i) const { return m_tracks[i]; }
    /// Index of the track, or -1.
    int findTrack(pid_t pid, Lane lane) const;

    /// Calls f(const Piece&) for the pieces of track `t` overlapping [x0, x1], merging spans
    /// shorter than nsPerPixel with their neighbours of the same pixel. Open spans are not visited.
    template <class F>
    void visit(std::size_t t, std::int64_t x0, std::int64_t x1, double nsPerPixel, F&& f) const;

    const std::string& function(std::uint16_t index) const { return m_functions[index]; }
    /// The exception text ("Type: message") of task `task` that failed on `worker`, when the worker
    /// entered it in the registry (Python's pool workers do, as an object labelled
    /// "Pool#<id> failure" named "py/<worker>-<task> function: Type: message"); else empty. Kept
    /// after the worker (and so its entry) is gone.
    std::string failure(pid_t worker, std::uint64_t task) const;
    /// The five slowest closed tasks, slowest first.
    const std::vector<SlowTask>& slowest() const { return m_slowest; }
    std::int64_t firstNs() const { return m_first; }
    std::int64_t lastNs() const { return m_last; }
    std::uint64_t spanCount() const; // exact spans held
    std::uint64_t binCount() const;
    std::size_t memoryBytes() const;

private:
    Track& trackFor(pid_t pid, Lane lane);
    std::uint16_t functionIndex(const std::string& name);
    void noteSlow(const Track& track, const Span& s);

    std::size_t m_maxSpans;
    std::size_t m_maxBins;
    std::vector<Track> m_tracks;
    std::map<std::pair<pid_t, Lane>, std::size_t> m_index;
    std::vector<std::string> m_functions{std::string()};
    std::map<std::string, std::uint16_t> m_functionIndex;
    std::map<std::pair<proclab::ObjectId, std::uint64_t>, std::uint16_t> m_seenFunction; // (pool, task)
    std::map<proclab::ObjectId, std::uint16_t> m_poolFunction;
    std::map<std::pair<proclab::ObjectId, std::uint64_t>, pid_t> m_running; // (pool, task) → worker
    std::map<std::pair<pid_t, std::uint64_t>, std::string> m_failures;      // (worker, task) → text
    std::vector<SlowTask> m_slowest;
    std::int64_t m_first = 0, m_last = 0;
};

// ---- inline -------------------------------------------------------------------------------------

template <class F>
void TimelineStore::visit(std::size_t t, std::int64_t x0, std::int64_t x1, double nsPerPixel, F&& f) const
{
    const Track& tr = m_tracks[t];
    const auto px = static_cast<std::int64_t>(nsPerPixel < 1 ? 1 : nsPerPixel);
    // Bins (few, older than every exact span).
    for (const Bin& b : tr.m_bins) {
        if (b.end < x0 || b.begin > x1)
            continue;
        Piece p;
        p.begin = b.begin;
        p.end = b.end;
        p.count = b.count;
        p.kind = b.lost ? Kind::Lost : b.errors ? Kind::Error : Kind::Ok;
        p.aggregated = true;
        p.busyFraction = b.end > b.begin ? double(b.busyNs) / double(b.end - b.begin) : 1.0;
        f(p);
    }
    const auto& B = tr.m_begin;
    const auto& E = tr.m_end;
    const std::size_t n = B.size();
    if (n == 0)
        return;
    // First span that may overlap x0: the last one beginning at or before x0.
    std::size_t i = static_cast<std::size_t>(std::upper_bound(B.begin(), B.end(), x0) - B.begin());
    if (i > 0)
        --i;
    while (i < n && E[i] < x0)
        ++i;
    while (i < n && B[i] <= x1) {
        Piece p;
        p.begin = B[i];
        p.end = E[i];
        std::size_t j = i + 1;
        if (p.end - p.begin < px) {
            // Sub-pixel: take every span beginning within this pixel, in one binary search.
            const std::int64_t pixelEnd = p.begin + px;
            j = static_cast<std::size_t>(std::upper_bound(B.begin() + std::ptrdiff_t(j), B.end(), pixelEnd) -
                                         B.begin());
            for (std::size_t k = std::max(i + 1, j > 4 ? j - 4 : 0); k < j; ++k) // ends of the last few
                p.end = std::max(p.end, E[k]);
        }
        p.count = static_cast<std::uint32_t>(j - i);
        if (p.count == 1) {
            p.kind = tr.m_kind[i];
            p.index = static_cast<std::int64_t>(i);
        } else if (tr.m_lostPrefix[j] - tr.m_lostPrefix[i]) {
            p.kind = Kind::Lost;
        } else if (tr.m_errPrefix[j] - tr.m_errPrefix[i]) {
            p.kind = Kind::Error;
        } else {
            p.kind = tr.m_kind[i];
        }
        f(p);
        i = j;
    }
}
