#include "plots/timeline_store.h"

#include "models/remote_keys.h"

#include <cstdlib>
#include <unordered_set>

using proclab::EventKind;

// ---- Track -----------------------------------------------------------------------------------

TimelineStore::Span TimelineStore::Track::span(std::size_t i) const
{
    return Span{m_begin[i], m_end[i], m_id[i], m_kind[i], m_detail[i]};
}

std::int64_t TimelineStore::Track::spanAt(std::int64_t t) const
{
    auto it = std::upper_bound(m_begin.begin(), m_begin.end(), t);
    // Nested waits: the innermost span containing t is among the last few beginning before it.
    for (int back = 0; back < 4 && it != m_begin.begin(); ++back) {
        --it;
        const auto i = static_cast<std::size_t>(it - m_begin.begin());
        if (m_end[i] >= t)
            return static_cast<std::int64_t>(i);
    }
    return -1;
}

std::size_t TimelineStore::Track::memoryBytes() const
{
    return m_begin.capacity() * sizeof(std::int64_t) + m_end.capacity() * sizeof(std::int64_t) +
           m_id.capacity() * sizeof(std::uint64_t) + m_kind.capacity() * sizeof(Kind) +
           m_detail.capacity() * sizeof(std::uint16_t) + m_errPrefix.capacity() * sizeof(std::uint32_t) +
           m_lostPrefix.capacity() * sizeof(std::uint32_t) + m_bins.capacity() * sizeof(Bin) +
           m_open.capacity() * sizeof(OpenSpan) + sizeof(Track);
}

void TimelineStore::Track::rebuildPrefix(std::size_t from)
{
    m_errPrefix.resize(m_begin.size() + 1);
    m_lostPrefix.resize(m_begin.size() + 1);
    if (from == 0) {
        m_errPrefix[0] = 0;
        m_lostPrefix[0] = 0;
    }
    for (std::size_t i = from; i < m_begin.size(); ++i) {
        m_errPrefix[i + 1] = m_errPrefix[i] + (m_kind[i] == Kind::Error);
        m_lostPrefix[i + 1] = m_lostPrefix[i] + (m_kind[i] == Kind::Lost);
    }
}

void TimelineStore::Track::add(const Span& s, std::size_t maxSpans, std::size_t maxBins)
{
    if (m_errPrefix.empty()) {
        m_errPrefix.push_back(0);
        m_lostPrefix.push_back(0);
    }
    // Fold before growing past the limit: the vectors never reallocate beyond maxSpans.
    if (m_begin.size() >= maxSpans)
        fold(m_begin.size() - maxSpans / 2, maxBins);
    std::size_t at = m_begin.size();
    if (!m_begin.empty() && s.begin < m_begin.back())
        at = static_cast<std::size_t>(std::upper_bound(m_begin.begin(), m_begin.end(), s.begin) - m_begin.begin());
    if (at == m_begin.size()) {
        m_begin.push_back(s.begin);
        m_end.push_back(s.end);
        m_id.push_back(s.id);
        m_kind.push_back(s.kind);
        m_detail.push_back(s.detail);
        m_errPrefix.push_back(m_errPrefix.back() + (s.kind == Kind::Error));
        m_lostPrefix.push_back(m_lostPrefix.back() + (s.kind == Kind::Lost));
    } else { // rare: a nested wait ends after its inner one
        const auto d = static_cast<std::ptrdiff_t>(at);
        m_begin.insert(m_begin.begin() + d, s.begin);
        m_end.insert(m_end.begin() + d, s.end);
        m_id.insert(m_id.begin() + d, s.id);
        m_kind.insert(m_kind.begin() + d, s.kind);
        m_detail.insert(m_detail.begin() + d, s.detail);
        rebuildPrefix(at);
    }
    m_busyNs += s.end - s.begin;
    ++m_count;
    m_errors += s.kind == Kind::Error;
    m_lost += s.kind == Kind::Lost;
    if (!m_first || s.begin < m_first)
        m_first = s.begin;
    m_last = std::max(m_last, s.end);
}

void TimelineStore::Track::fold(std::size_t n, std::size_t maxBins)
{
    // The oldest n spans become about 512 bins (each a run of consecutive spans).
    const std::size_t chunk = std::max<std::size_t>(1, n / 512);
    for (std::size_t i = 0; i < n; i += chunk) {
        const std::size_t j = std::min(n, i + chunk);
        Bin b;
        b.begin = m_begin[i];
        for (std::size_t k = i; k < j; ++k) {
            b.end = std::max(b.end, m_end[k]);
            b.busyNs += m_end[k] - m_begin[k];
            b.errors += m_kind[k] == Kind::Error;
            b.lost += m_kind[k] == Kind::Lost;
        }
        b.count = static_cast<std::uint32_t>(j - i);
        m_bins.push_back(b);
    }
    const auto d = static_cast<std::ptrdiff_t>(n);
    m_begin.erase(m_begin.begin(), m_begin.begin() + d);
    m_end.erase(m_end.begin(), m_end.begin() + d);
    m_id.erase(m_id.begin(), m_id.begin() + d);
    m_kind.erase(m_kind.begin(), m_kind.begin() + d);
    m_detail.erase(m_detail.begin(), m_detail.begin() + d);
    rebuildPrefix(0);
    // Too many bins: merge neighbours pairwise (the resolution of old history halves).
    while (m_bins.size() > maxBins) {
        std::vector<Bin> merged;
        merged.reserve(m_bins.size() / 2 + 1);
        for (std::size_t i = 0; i < m_bins.size(); i += 2) {
            Bin b = m_bins[i];
            if (i + 1 < m_bins.size()) {
                const Bin& c = m_bins[i + 1];
                b.end = std::max(b.end, c.end);
                b.busyNs += c.busyNs;
                b.count += c.count;
                b.errors += c.errors;
                b.lost += c.lost;
            }
            merged.push_back(b);
        }
        m_bins.swap(merged);
    }
}

// ---- TimelineStore ---------------------------------------------------------------------------

TimelineStore::TimelineStore(std::size_t maxSpansPerTrack, std::size_t maxBinsPerTrack)
    : m_maxSpans(std::max<std::size_t>(maxSpansPerTrack, 16))
    , m_maxBins(std::max<std::size_t>(maxBinsPerTrack, 16))
{
}

void TimelineStore::setLimits(std::size_t maxSpansPerTrack, std::size_t maxBinsPerTrack)
{
    m_maxSpans = std::max<std::size_t>(maxSpansPerTrack, 16);
    m_maxBins = std::max<std::size_t>(maxBinsPerTrack, 16);
}

void TimelineStore::clear()
{
    *this = TimelineStore(m_maxSpans, m_maxBins);
}

TimelineStore::Track& TimelineStore::trackFor(pid_t pid, Lane lane)
{
    auto [it, inserted] = m_index.try_emplace({pid, lane}, m_tracks.size());
    if (inserted) {
        m_tracks.emplace_back();
        m_tracks.back().pid = pid;
        m_tracks.back().lane = lane;
    }
    return m_tracks[it->second];
}

int TimelineStore::findTrack(pid_t pid, Lane lane) const
{
    auto it = m_index.find({pid, lane});
    return it == m_index.end() ? -1 : static_cast<int>(it->second);
}

std::size_t TimelineStore::forgetProcessesNotIn(const proclab::Snapshot& snap)
{
    std::unordered_set<pid_t> known;
    known.reserve(snap.processes.size());
    for (const auto& p : snap.processes)
        known.insert(RemoteKeys::keyOf(p)); // the tracks' keys
    const std::size_t before = m_tracks.size();
    std::erase_if(m_tracks, [&](const Track& t) { return !known.contains(t.pid); });
    if (m_tracks.size() == before)
        return 0;
    m_index.clear();
    for (std::size_t i = 0; i < m_tracks.size(); ++i)
        m_index.emplace(std::pair{m_tracks[i].pid, m_tracks[i].lane}, i);
    return before - m_tracks.size();
}

std::uint16_t TimelineStore::functionIndex(const std::string& name)
{
    if (name.empty())
        return 0;
    auto it = m_functionIndex.find(name);
    if (it != m_functionIndex.end())
        return it->second;
    if (m_functions.size() >= 65535)
        return 0;
    const auto idx = static_cast<std::uint16_t>(m_functions.size());
    m_functions.push_back(name);
    m_functionIndex.emplace(name, idx);
    return idx;
}

void TimelineStore::observe(const proclab::Snapshot& snap)
{
    if (m_seenFunction.size() > 10000) // tasks seen running whose end never came (lost events)
        m_seenFunction.clear();
    for (const auto& p : snap.processes) {
        if (!p.task_id || p.task_function.empty())
            continue;
        const auto fn = functionIndex(p.task_function);
        m_seenFunction[{p.task_pool, p.task_id}] = fn;
        m_poolFunction[p.task_pool] = fn;
    }
    constexpr std::size_t kMaxFailures = 4096; // the first ones: enough to explain a failing pool
    for (const proclab::ObjectRecord& o : snap.objects) {
        if (m_failures.size() >= kMaxFailures)
            break;
        if (!o.label.ends_with(" failure") || !o.name.starts_with("py/"))
            continue;
        // "py/<worker>-<task> function: Type: message"
        const std::size_t dash = o.name.find('-', 3);
        const std::size_t space = o.name.find(' ', 3);
        const std::size_t colon = o.name.find(": ", space == std::string::npos ? o.name.size() : space);
        if (dash == std::string::npos || space == std::string::npos || dash > space || colon == std::string::npos)
            continue;
        const long long worker = std::strtoll(o.name.c_str() + 3, nullptr, 10);
        const unsigned long long task = std::strtoull(o.name.c_str() + dash + 1, nullptr, 10);
        if (worker > 0 && task > 0)
            m_failures.try_emplace({pid_t(worker), std::uint64_t(task)}, o.name.substr(colon + 2));
    }
}

std::string TimelineStore::failure(pid_t worker, std::uint64_t task) const
{
    const auto it = m_failures.find({worker, task});
    return it == m_failures.end() ? std::string() : it->second;
}

void TimelineStore::noteSlow(const Track& track, const Span& s)
{
    const std::int64_t d = s.end - s.begin;
    if (m_slowest.size() == 5 && d <= m_slowest.back().durationNs)
        return;
    SlowTask t{track.pid, s.id, s.begin, d, s.detail, s.kind};
    auto it = std::find_if(m_slowest.begin(), m_slowest.end(), [d](const SlowTask& x) { return x.durationNs < d; });
    m_slowest.insert(it, t);
    if (m_slowest.size() > 5)
        m_slowest.pop_back();
}

void TimelineStore::addSpan(pid_t pid, Lane lane, const Span& span)
{
    Track& t = trackFor(pid, lane);
    t.add(span, m_maxSpans, m_maxBins);
    if (lane == Lane::Tasks)
        noteSlow(t, span);
    if (!m_first || span.begin < m_first)
        m_first = span.begin;
    m_last = std::max(m_last, span.end);
}

void TimelineStore::addEvents(const std::vector<proclab::SessionEvent>& events)
{
    for (const auto& e : events) {
        const pid_t who = RemoteKeys::key(e.host, e.pid); // a relayed MPI rank: keyed apart
        switch (e.kind) {
        case EventKind::TaskBegin: {
            Track& t = trackFor(who, Lane::Tasks);
            t.pool = e.object;
            t.m_open.clear(); // a worker runs one task at a time
            t.m_open.push_back(OpenSpan{e.t_ns, static_cast<std::uint64_t>(e.arg), Kind::Ok, 0});
            m_running[{e.object, static_cast<std::uint64_t>(e.arg)}] = who;
            while (m_running.size() > 65536) // ends never seen (lost events): forget the oldest
                m_running.erase(m_running.begin());
            break;
        }
        case EventKind::TaskEnd: {
            const auto id = static_cast<std::uint64_t>(e.arg);
            pid_t worker = who; // a lost task's end is written by the pool's owner
            if (auto it = m_running.find({e.object, id}); it != m_running.end()) {
                worker = it->second;
                m_running.erase(it);
            }
            Track& t = trackFor(worker, Lane::Tasks);
            Span s{e.t_ns, e.t_ns, id, e.arg2 == 1 ? Kind::Error : e.arg2 == 2 ? Kind::Lost : Kind::Ok, 0};
            for (auto it = t.m_open.begin(); it != t.m_open.end(); ++it)
                if (it->id == id) {
                    s.begin = it->begin;
                    t.m_open.erase(it);
                    break;
                }
            if (auto it = m_seenFunction.find({e.object, id}); it != m_seenFunction.end()) {
                s.detail = it->second;
                m_seenFunction.erase(it);
            } else if (auto p = m_poolFunction.find(e.object); p != m_poolFunction.end()) {
                s.detail = p->second;
            }
            t.pool = e.object;
            addSpan(worker, Lane::Tasks, s);
            break;
        }
        case EventKind::WaitBegin:
        case EventKind::JoinBegin: {
            Track& t = trackFor(who, Lane::Waits);
            const bool join = e.kind == EventKind::JoinBegin;
            t.m_open.push_back(
                OpenSpan{e.t_ns, join ? static_cast<std::uint64_t>(e.arg) : e.object, join ? Kind::Join : Kind::Wait,
                         join ? std::uint16_t(proclab::WaitOp::Join) : static_cast<std::uint16_t>(e.arg)});
            if (t.m_open.size() > 64) // ends never seen (lost events)
                t.m_open.erase(t.m_open.begin());
            break;
        }
        case EventKind::WaitEnd:
        case EventKind::JoinEnd: {
            Track& t = trackFor(who, Lane::Waits);
            const bool join = e.kind == EventKind::JoinEnd;
            const std::uint64_t id = join ? static_cast<std::uint64_t>(e.arg) : e.object;
            const Kind kind = join ? Kind::Join : Kind::Wait;
            Span s{e.t_ns, e.t_ns, id, kind,
                   join ? std::uint16_t(proclab::WaitOp::Join) : static_cast<std::uint16_t>(e.arg)};
            for (auto it = t.m_open.rbegin(); it != t.m_open.rend(); ++it)
                if (it->id == id && it->kind == kind) {
                    s.begin = it->begin;
                    s.detail = it->detail;
                    t.m_open.erase(std::next(it).base());
                    break;
                }
            addSpan(who, Lane::Waits, s);
            break;
        }
        default:
            break;
        }
        if (!m_first || e.t_ns < m_first)
            m_first = e.t_ns;
        m_last = std::max(m_last, e.t_ns);
    }
}

std::uint64_t TimelineStore::spanCount() const
{
    std::uint64_t n = 0;
    for (const auto& t : m_tracks)
        n += t.size();
    return n;
}

std::uint64_t TimelineStore::binCount() const
{
    std::uint64_t n = 0;
    for (const auto& t : m_tracks)
        n += t.bins().size();
    return n;
}

std::size_t TimelineStore::memoryBytes() const
{
    std::size_t n = sizeof(*this);
    for (const auto& t : m_tracks)
        n += t.memoryBytes();
    for (const auto& f : m_functions)
        n += f.capacity() + sizeof(std::string);
    n += (m_seenFunction.size() + m_running.size() + m_poolFunction.size() + m_index.size()) * 64;
    return n;
}
