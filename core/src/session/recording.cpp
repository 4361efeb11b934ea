#include <proclab/errors.h>
#include <proclab/recording.h>

#include <cereal/archives/binary.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string_view>
#include <type_traits>

namespace proclab::detail {

// A cereal binary input archive over one record's bytes (the format of BinaryOutputArchive) that
// refuses a size (of a string or a list) larger than the bytes left before anything is allocated
// for it: every element takes at least a byte, so a lying size cannot make the reader allocate
// more than a small multiple of the file's size.
class RecordArchive : public cereal::InputArchive<RecordArchive, cereal::AllowEmptyClassElision> {
public:
    RecordArchive(std::string_view bytes, std::uint32_t version)
        : InputArchive(this)
        , m_bytes(bytes)
        , m_version(version)
    {
    }
    /// The file's format version (a version 1 file's records lack the relayed processes' hosts).
    std::uint32_t version() const noexcept { return m_version; }
    void loadBinary(void* data, std::size_t size)
    {
        if (size > m_bytes.size())
            throw cereal::Exception("the record ends " + std::to_string(size - m_bytes.size()) + " bytes early");
        std::memcpy(data, m_bytes.data(), size);
        m_bytes.remove_prefix(size);
    }
    std::size_t left() const noexcept { return m_bytes.size(); }

private:
    std::string_view m_bytes;
    std::uint32_t m_version;
};

/// Whether `ar` reads or writes the fields a version 2 recording added (relayed processes).
template <class Archive>
bool has_hosts(const Archive& ar) noexcept
{
    if constexpr (std::is_same_v<Archive, RecordArchive>)
        return ar.version() >= 2;
    else
        return true;
}

template <class T>
std::enable_if_t<std::is_arithmetic_v<T> && !std::is_same_v<T, bool>> CEREAL_LOAD_FUNCTION_NAME(RecordArchive& ar, T& t)
{
    ar.loadBinary(std::addressof(t), sizeof(t));
}
// A bool is one byte, 0 or 1 (any other byte is not a bool: copying it into one is undefined).
inline void CEREAL_LOAD_FUNCTION_NAME(RecordArchive& ar, bool& b)
{
    unsigned char byte = 0;
    ar.loadBinary(&byte, 1);
    if (byte > 1)
        throw cereal::Exception("a boolean of " + std::to_string(byte));
    b = byte != 0;
}
template <class T>
void CEREAL_SERIALIZE_FUNCTION_NAME(RecordArchive& ar, cereal::NameValuePair<T>& t)
{
    ar(t.value);
}
template <class T>
void CEREAL_LOAD_FUNCTION_NAME(RecordArchive& ar, cereal::SizeTag<T>& t)
{
    ar(t.size);
    if (t.size > ar.left())
        throw cereal::Exception("a size of " + std::to_string(t.size) + " with " + std::to_string(ar.left()) +
                                " bytes left");
}
template <class T>
void CEREAL_LOAD_FUNCTION_NAME(RecordArchive& ar, cereal::BinaryData<T>& bd)
{
    ar.loadBinary(bd.data, static_cast<std::size_t>(bd.size));
}

} // namespace proclab::detail

// The enumerations' load_minimal needs the output archive of the format.
namespace cereal::traits::detail {
template <>
struct get_output_from_input<proclab::detail::RecordArchive> {
    using type = cereal::BinaryOutputArchive;
};
} // namespace cereal::traits::detail

namespace proclab {

// cereal, non-intrusive: the registry's records as they are.
template <class Archive>
void serialize(Archive& ar, ProcessRecord& p)
{
    ar(p.pid, p.ppid, p.name, p.kind, p.state, p.daemon, p.joined, p.exitcode, p.start_ns, p.end_ns, p.task_pool,
       p.task_id, p.task_function, p.blocked_on, p.blocked_op, p.blocked_pid, p.blocked_since_ns, p.cpu_percent,
       p.rss_bytes);
    if (detail::has_hosts(ar))
        ar(p.host, p.rank);
}

template <class Archive>
void serialize(Archive& ar, ObjectRecord& o)
{
    ar(o.id, o.kind, o.name, o.label, o.creator, o.alive, o.created_ns, o.destroyed_ns, o.capacity, o.depth, o.puts,
       o.gets, o.bytes, o.owner, o.waiters, o.value, o.workers, o.tasks_queued, o.tasks_running, o.tasks_done,
       o.tasks_failed, o.tasks_lost);
}

template <class Archive>
void serialize(Archive& ar, Snapshot& s)
{
    ar(s.session, s.taken_ns, s.processes, s.objects, s.events_written, s.torn_skipped);
}

template <class Archive>
void serialize(Archive& ar, SessionEvent& e)
{
    ar(e.seq, e.t_ns, e.pid, e.object, e.kind, e.arg, e.arg2);
    if (detail::has_hosts(ar))
        ar(e.host);
}

namespace {

// Version 2 added the host and rank of relayed processes (and the host of their events); version
// 1 files are still read (every process of this host).
constexpr char kFileMagic[8] = {'P', 'L', 'R', 'E', 'C', '0', '0', '1'};
constexpr std::uint32_t kVersion = 2;
constexpr std::uint32_t kOldestVersion = 1;
constexpr std::uint32_t kRecordMagic = 0x4B524C50; // "PLRK" little-endian
constexpr std::uint8_t kSnapshotRecord = 1;
constexpr std::uint8_t kEventsRecord = 2;
constexpr std::size_t kRecordHeader = 4 + 4 + 8 + 4;

std::uint32_t fnv1a(const char* data, std::size_t n)
{
    std::uint32_t h = 2166136261u;
    for (std::size_t i = 0; i < n; ++i) {
        h ^= static_cast<unsigned char>(data[i]);
        h *= 16777619u;
    }
    return h;
}

template <class T>
void put_le(std::string& out, T v)
{
    for (std::size_t i = 0; i < sizeof(T); ++i)
        out += static_cast<char>((static_cast<std::uint64_t>(v) >> (8 * i)) & 0xff);
}

template <class T>
T get_le(const char* p)
{
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i)
        v |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
    return static_cast<T>(v);
}

template <class E>
bool in_range(E value, E last) noexcept
{
    return static_cast<unsigned>(value) <= static_cast<unsigned>(last);
}

// Whether every enumeration of a decoded snapshot names an enumerator (the views index by them).
bool valid(const Snapshot& s) noexcept
{
    const bool processes = std::ranges::all_of(s.processes, [](const ProcessRecord& p) {
        return in_range(p.kind, ProcessKind::Manager) && in_range(p.state, RunState::Zombie) &&
               in_range(p.blocked_op, WaitOp::TaskDone);
    });
    return processes &&
           std::ranges::all_of(s.objects, [](const ObjectRecord& o) { return in_range(o.kind, ObjectKind::Process); });
}

[[noreturn]] void fail(const std::string& path, const std::string& what, std::uint64_t offset)
{
    throw Error("recording " + path + ": " + what + " at offset " + std::to_string(offset));
}

} // namespace

// ---- Recorder --------------------------------------------------------------------------------

Recorder::Recorder(const std::string& path, const std::string& session_name)
    : m_path(path)
{
    m_file = std::fopen(path.c_str(), "wb");
    if (!m_file)
        throw Error("recording " + path + ": cannot create: " + std::strerror(errno));
    std::string header(kFileMagic, sizeof kFileMagic);
    put_le<std::uint32_t>(header, kVersion);
    put_le<std::uint32_t>(header, static_cast<std::uint32_t>(session_name.size()));
    header += session_name;
    if (std::fwrite(header.data(), 1, header.size(), m_file) != header.size() || std::fflush(m_file) != 0) {
        std::fclose(m_file);
        m_file = nullptr;
        throw Error("recording " + path + ": cannot write the header: " + std::strerror(errno));
    }
    m_bytes = header.size();
}

Recorder::Recorder(Recorder&& other) noexcept
    : m_path(std::move(other.m_path))
    , m_file(std::exchange(other.m_file, nullptr))
    , m_ticks(other.m_ticks)
    , m_bytes(other.m_bytes)
{
}

Recorder& Recorder::operator=(Recorder&& other) noexcept
{
    if (this != &other) {
        close();
        m_path = std::move(other.m_path);
        m_file = std::exchange(other.m_file, nullptr);
        m_ticks = other.m_ticks;
        m_bytes = other.m_bytes;
    }
    return *this;
}

Recorder::~Recorder()
{
    close();
}

void Recorder::close()
{
    if (m_file) {
        std::fclose(m_file);
        m_file = nullptr;
    }
}

void Recorder::write_record(std::uint8_t type, const std::string& payload)
{
    std::string head;
    put_le<std::uint32_t>(head, kRecordMagic);
    head += static_cast<char>(type);
    head.append(3, '\0');
    put_le<std::uint64_t>(head, payload.size());
    put_le<std::uint32_t>(head, fnv1a(payload.data(), payload.size()));
    if (std::fwrite(head.data(), 1, head.size(), m_file) != head.size() ||
        std::fwrite(payload.data(), 1, payload.size(), m_file) != payload.size())
        throw Error("recording " + m_path + ": write failed: " + std::strerror(errno));
    m_bytes += head.size() + payload.size();
}

void Recorder::append(const Snapshot& snap, const std::vector<SessionEvent>& events)
{
    if (!m_file)
        throw Error("recording " + m_path + ": closed");
    // Events first: a reader that sees the snapshot of tick n also has every event up to it.
    if (!events.empty()) {
        std::ostringstream os;
        {
            cereal::BinaryOutputArchive ar(os);
            ar(events);
        }
        write_record(kEventsRecord, os.str());
    }
    std::ostringstream os;
    {
        cereal::BinaryOutputArchive ar(os);
        ar(snap);
    }
    write_record(kSnapshotRecord, os.str());
    if (std::fflush(m_file) != 0)
        throw Error("recording " + m_path + ": write failed: " + std::strerror(errno));
    ++m_ticks;
}

// ---- Recording -------------------------------------------------------------------------------

Recording::Recording(const std::string& path)
    : m_path(path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error("recording " + path + ": cannot open: " + std::strerror(errno));
    const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (data.size() < sizeof kFileMagic + 8 || std::memcmp(data.data(), kFileMagic, 5) != 0)
        fail(path, "not a ProcLab recording (bad header)", 0);
    const auto version = get_le<std::uint32_t>(data.data() + 8);
    if (version < kOldestVersion || version > kVersion || std::memcmp(data.data(), kFileMagic, sizeof kFileMagic) != 0)
        fail(path, "unsupported version " + std::to_string(version), 8);
    const auto name_len = get_le<std::uint32_t>(data.data() + 12);
    std::size_t pos = 16;
    if (name_len > 4096 || pos + name_len > data.size())
        fail(path, "truncated header", pos);
    m_session.assign(data.data() + pos, name_len);
    pos += name_len;

    while (pos < data.size()) {
        const std::size_t at = pos;
        if (data.size() - pos < kRecordHeader)
            fail(path, "truncated record header", at);
        if (get_le<std::uint32_t>(data.data() + pos) != kRecordMagic)
            fail(path, "bad record marker", at);
        const auto type = static_cast<std::uint8_t>(data[pos + 4]);
        const auto len = get_le<std::uint64_t>(data.data() + pos + 8);
        const auto sum = get_le<std::uint32_t>(data.data() + pos + 16);
        pos += kRecordHeader;
        if (len > data.size() - pos)
            fail(path,
                 "truncated record (" + std::to_string(len) + " bytes announced, " + std::to_string(data.size() - pos) +
                     " left)",
                 at);
        if (fnv1a(data.data() + pos, len) != sum)
            fail(path, "corrupted record (checksum mismatch)", at);
        try {
            detail::RecordArchive ar(std::string_view(data).substr(pos, len), version);
            if (type == kSnapshotRecord) {
                Snapshot s;
                ar(s);
                if (!valid(s))
                    fail(path, "a snapshot with a value out of range", at);
                m_snapshots.push_back(std::move(s));
            } else if (type == kEventsRecord) {
                std::vector<SessionEvent> evs;
                ar(evs);
                for (const SessionEvent& e : evs)
                    if (!in_range(e.kind, EventKind::Mark))
                        fail(path, "an event with a value out of range", at);
                m_events.insert(m_events.end(), evs.begin(), evs.end());
            } else {
                fail(path, "unknown record type " + std::to_string(type), at);
            }
        } catch (const Error&) {
            throw;
        } catch (const std::exception& e) {
            fail(path, std::string("undecodable record: ") + e.what(), at);
        }
        pos += len;
    }
    std::stable_sort(m_snapshots.begin(), m_snapshots.end(),
                     [](const Snapshot& a, const Snapshot& b) { return a.taken_ns < b.taken_ns; });
    std::stable_sort(m_events.begin(), m_events.end(),
                     [](const SessionEvent& a, const SessionEvent& b) { return a.t_ns < b.t_ns; });
}

std::int64_t Recording::begin_ns() const noexcept
{
    return m_snapshots.empty() ? 0 : m_snapshots.front().taken_ns;
}

std::int64_t Recording::end_ns() const noexcept
{
    return m_snapshots.empty() ? 0 : m_snapshots.back().taken_ns;
}

std::vector<std::int64_t> Recording::tick_times() const
{
    std::vector<std::int64_t> out;
    out.reserve(m_snapshots.size());
    for (const auto& s : m_snapshots)
        out.push_back(s.taken_ns);
    return out;
}

const Snapshot& Recording::snapshot_at(std::int64_t t_ns) const
{
    static const Snapshot empty;
    if (m_snapshots.empty())
        return empty;
    auto it = std::upper_bound(m_snapshots.begin(), m_snapshots.end(), t_ns,
                               [](std::int64_t t, const Snapshot& s) { return t < s.taken_ns; });
    if (it == m_snapshots.begin())
        return m_snapshots.front();
    return *std::prev(it);
}

std::vector<SessionEvent> Recording::events_between(std::int64_t a_ns, std::int64_t b_ns) const
{
    auto lo = std::upper_bound(m_events.begin(), m_events.end(), a_ns,
                               [](std::int64_t t, const SessionEvent& e) { return t < e.t_ns; });
    auto hi = std::upper_bound(m_events.begin(), m_events.end(), b_ns,
                               [](std::int64_t t, const SessionEvent& e) { return t < e.t_ns; });
    if (hi <= lo)
        return {};
    std::vector<SessionEvent> out(lo, hi);
    std::stable_sort(out.begin(), out.end(),
                     [](const SessionEvent& a, const SessionEvent& b) { return a.seq < b.seq; });
    return out;
}

} // namespace proclab
