// The reader side of the session registry: Session (create, open, list, snapshot, events).
#include <proclab/detail/monitor.h>
#include <proclab/detail/segment.h>
#include <proclab/errors.h>
#include <proclab/session.h>

#include "session/registry.h"
#include "system/proc_stat.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <map>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_map>

namespace proclab {

using namespace detail::registry;

namespace {

struct CpuBaseline {
    std::uint64_t ticks = 0;
    std::int64_t ns = 0;
    double percent = 0;
};

// 100 % is one core (as htop), never more than all of them. A sample taken soon after the
// previous one (a frame on demand) shows the last figure: over a few milliseconds one clock tick
// of CPU time would read as hundreds of percent.
double cpu_percent_of(std::map<pid_t, CpuBaseline>& baselines, pid_t pid, std::uint64_t ticks, std::int64_t now)
{
    static const long ticks_per_s = sysconf(_SC_CLK_TCK);
    static const double cap = 100.0 * static_cast<double>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
    constexpr std::int64_t kMinIntervalNs = 250'000'000;
    auto it = baselines.find(pid);
    if (it == baselines.end() || ticks < it->second.ticks || now < it->second.ns) {
        baselines[pid] = {ticks, now, 0};
        return 0;
    }
    if (now - it->second.ns >= kMinIntervalNs) {
        const double secs = double(now - it->second.ns) / 1e9;
        const double pct = double(ticks - it->second.ticks) / double(ticks_per_s) / secs * 100.0;
        it->second = {ticks, now, std::min(pct, cap)};
    }
    return it->second.percent;
}

// CPU %, RSS, the kernel's state and parent of the live processes of `snap`.
void sample_live(std::unique_ptr<detail::ProcStatReader>& stats_reader, std::map<pid_t, CpuBaseline>& cpu,
                 Snapshot& snap)
{
    static const long page = sysconf(_SC_PAGESIZE);
    // One libproc2 read for all of them.
    // Relayed processes of other hosts are not sampled: their pids are not this host's. Their
    // relaying process is: once it is gone, nobody reports their end any more.
    std::vector<pid_t> live;
    for (const ProcessRecord& r : snap.processes)
        if (!r.exitcode)
            live.push_back(r.remote() ? r.ppid : r.pid);
        else if (!r.joined && !r.remote())
            live.push_back(r.pid); // ended: collected yet?
    std::unordered_map<pid_t, detail::ProcStat> stats;
    if (!live.empty()) {
        if (!stats_reader)
            stats_reader = std::make_unique<detail::ProcStatReader>();
        stats = stats_reader->read(live);
    }
    for (ProcessRecord& r : snap.processes) {
        if (r.exitcode) {
            // It recorded its own end, and its parent is not a process of the session (a shell,
            // mpirun), so nobody here says it was collected: gone from the process table, it was.
            if (!r.joined && !r.remote() && !stats.contains(r.pid))
                r.joined = true;
            continue;
        }
        if (r.remote()) {
            // Its relay ended without saying it ended (killed): shown ended, its exit unknown, as
            // a local process gone without a recorded end. (mpirun ends a job's ranks when its
            // rank 0 ends.)
            const auto relay = stats.find(r.ppid);
            if (r.ppid > 0 && (relay == stats.end() || relay->second.state == 'Z' || relay->second.state == 'X'))
                r.state = RunState::Exited;
            continue;
        }
        auto found = stats.find(r.pid);
        if (found == stats.end()) {
            // Gone without a recorded end (reaped by someone outside the core).
            r.state = RunState::Exited;
            cpu.erase(r.pid);
            continue;
        }
        const detail::ProcStat& st = found->second;
        if (st.state == 'T' || st.state == 't')
            r.state = RunState::Stopped;
        else if (st.state == 'Z' || st.state == 'X')
            r.state = RunState::Zombie;
        r.rss_bytes = st.rss_pages * static_cast<std::uint64_t>(page);
        r.os_ppid = st.ppid;
        r.cpu_percent = cpu_percent_of(cpu, r.pid, st.ticks, snap.taken_ns);
    }
}

} // namespace

struct Session::Impl {
    std::shared_ptr<detail::RegistryMap> map;
    // Last consistent copies, shown while a record is being written (or was cut by a kill).
    std::vector<LifePart> last_life = std::vector<LifePart>(kMaxProcesses);
    std::vector<HostPart> last_host = std::vector<HostPart>(kMaxProcesses);
    std::vector<SelfPart> last_self = std::vector<SelfPart>(kMaxProcesses);
    std::vector<char> have_life = std::vector<char>(kMaxProcesses, 0);
    std::vector<char> have_self = std::vector<char>(kMaxProcesses, 0);
    // Live figures of objects: read-only mappings, by slot.
    std::map<std::uint32_t, std::pair<std::string, std::unique_ptr<detail::PeekMap>>> peeks;
    // CPU accounting: pid → the ticks at the last baseline, when, and the % computed then.
    std::map<pid_t, CpuBaseline> cpu;
    // libproc2's reader of the processes' stat lines (made at the first sample).
    std::unique_ptr<detail::ProcStatReader> stats;
    // An event slot that stayed incomplete (its writer may have been killed).
    std::uint64_t stall_seq = ~std::uint64_t(0);
    std::int64_t stall_since = 0;

    void read_processes(Snapshot& snap);
    void read_objects(Snapshot& snap);
};

namespace {

template <class Part>
bool read_part(const std::atomic<std::uint32_t>& seq, const Part& part, Part& out) noexcept
{
    for (int attempt = 0; attempt < 200; ++attempt) {
        const std::uint32_t s1 = seq.load(std::memory_order_acquire);
        if (s1 & 1U) {
            if (attempt > 100) {
                timespec t{0, 10'000};
                nanosleep(&t, nullptr);
            }
            continue;
        }
        std::memcpy(static_cast<void*>(&out), &part, sizeof(Part));
        std::atomic_thread_fence(std::memory_order_acquire);
        if (seq.load(std::memory_order_relaxed) == s1)
            return true;
    }
    return false;
}

// A process slot's `life` and host parts, copied together under life_seq (read_part's loop).
bool read_life(const ProcessSlot& ps, LifePart& life, HostPart& host) noexcept
{
    for (int attempt = 0; attempt < 200; ++attempt) {
        const std::uint32_t s1 = ps.life_seq.load(std::memory_order_acquire);
        if (s1 & 1U) {
            if (attempt > 100) {
                timespec t{0, 10'000};
                nanosleep(&t, nullptr);
            }
            continue;
        }
        std::memcpy(static_cast<void*>(&life), &ps.life, sizeof life);
        std::memcpy(static_cast<void*>(&host), &ps.host, sizeof host);
        std::atomic_thread_fence(std::memory_order_acquire);
        if (ps.life_seq.load(std::memory_order_relaxed) == s1)
            return true;
    }
    return false;
}

// The host of a relayed record ("?" when its bytes name none).
std::string host_of(const HostPart& host)
{
    std::string h(host.name, strnlen(host.name, sizeof host.name));
    return h.empty() ? std::string("?") : h;
}

// Whether a byte read from the registry names an enumerator (another process wrote it).
template <class E>
bool in_range(unsigned value, E last) noexcept
{
    return value <= static_cast<unsigned>(last);
}

std::string fixed(const char* s, std::size_t cap)
{
    return std::string(s, strnlen(s, cap));
}

void fill_live_figures(const std::string& kind, const void* data, std::size_t size, ObjectRecord& r) noexcept
{
    if (kind == "queue")
        detail::peek_queue(data, size, r);
    else if (kind == "lock" || kind == "rlock")
        detail::peek_lock(data, size, r);
    else if (kind == "event")
        detail::peek_event(data, size, r);
    else if (kind == "semaphore" || kind == "bsemaphore")
        detail::peek_semaphore(data, size, r);
    else if (kind == "condition")
        detail::peek_condition(data, size, r);
    else if (kind == "barrier")
        detail::peek_barrier(data, size, r);
    else if (kind == "value" || kind == "array" || kind == "rawvalue" || kind == "rawarray")
        detail::peek_shared_data(data, size, r);
}

} // namespace

Session::Session(std::shared_ptr<Impl> impl)
    : m_impl(std::move(impl))
{
}

Session::~Session() = default;

Session Session::create(const std::string& name)
{
    auto impl = std::make_shared<Impl>();
    impl->map = detail::RegistryMap::create(name);
    // The writer side has its own mapping: detach() does not disturb this reader.
    detail::monitor::attach_created(detail::RegistryMap::open(name));
    return Session(std::move(impl));
}

Session Session::open(const std::string& name)
{
    auto impl = std::make_shared<Impl>();
    impl->map = detail::RegistryMap::open(name);
    return Session(std::move(impl));
}

std::optional<Session> Session::attach_from_env()
{
    detail::monitor::ensure_attached();
    return current();
}

std::optional<Session> Session::current()
{
    auto map = detail::attached_registry();
    if (!map)
        return std::nullopt;
    auto impl = std::make_shared<Impl>();
    impl->map = std::move(map);
    return Session(std::move(impl));
}

void Session::detach()
{
    detail::monitor::detach();
}

std::vector<SessionInfo> Session::list()
{
    std::vector<SessionInfo> out;
    const std::string prefix = detail::RegistryMap::shm_name("");
    DIR* d = opendir("/dev/shm");
    if (!d)
        return out;
    std::vector<std::string> names;
    while (dirent* e = readdir(d))
        if (std::strncmp(e->d_name, prefix.c_str(), prefix.size()) == 0)
            names.emplace_back(e->d_name + prefix.size());
    closedir(d);
    const std::vector<Debris> debris = find_debris();
    for (const auto& n : names) {
        // Read without a hold: the last holder of a session removes it, which a reader must not do.
        const int fd = ::shm_open(("/" + detail::RegistryMap::shm_name(n)).c_str(), O_RDONLY | O_CLOEXEC, 0);
        if (fd < 0)
            continue; // gone meanwhile
        alignas(Header) unsigned char raw[sizeof(Header)] = {};
        const auto& h = *reinterpret_cast<const Header*>(raw);
        struct stat st {};
        const bool ok = ::fstat(fd, &st) == 0 && st.st_uid == ::geteuid() &&
                        static_cast<std::size_t>(st.st_size) == sizeof(detail::registry::Layout) &&
                        ::pread(fd, raw, sizeof raw, 0) == static_cast<ssize_t>(sizeof raw) &&
                        h.magic == detail::registry::kMagic && h.version == detail::registry::kLayoutVersion;
        ::close(fd);
        if (!ok)
            continue; // not ours, or not a session of this version
        SessionInfo info;
        info.name = n;
        info.creator = h.creator;
        info.creator_alive = detail::RegistryMap::creator_alive(h);
        info.created_realtime_s = h.created_real_s;
        info.processes = h.processes.load(std::memory_order_acquire);
        for (const Debris& x : debris) {
            if (x.kind == "session" && x.session == n)
                info.alive = false;
            else if (x.session == n)
                info.leftovers.push_back(x.name);
        }
        out.push_back(std::move(info));
    }
    return out;
}

const std::string& Session::name() const noexcept
{
    return m_impl->map->session();
}

void Session::mark(std::int64_t value, ObjectId object)
{
    const auto attached = detail::attached_registry();
    if (attached && attached->session() == m_impl->map->session())
        detail::monitor::record(EventKind::Mark, object, value);
}

// The process slots, each from its last consistent copy (Session::snapshot).
void Session::Impl::read_processes(Snapshot& snap)
{
    Impl& im = *this;
    Layout& l = map->layout();
    const std::uint32_t np = std::min<std::uint32_t>(l.header.processes.load(std::memory_order_acquire), kMaxProcesses);
    snap.processes.reserve(np);
    for (std::uint32_t i = 0; i < np; ++i) {
        const ProcessSlot& ps = l.processes[i];
        LifePart life{};
        HostPart host{};
        SelfPart self{};
        if (read_life(ps, life, host)) {
            im.last_life[i] = life;
            im.last_host[i] = host;
            im.have_life[i] = 1;
        } else {
            ++snap.torn_skipped;
            if (!im.have_life[i])
                continue;
            life = im.last_life[i];
            host = im.last_host[i];
        }
        if (read_part(ps.self_seq, ps.self, self)) {
            im.last_self[i] = self;
            im.have_self[i] = 1;
        } else {
            ++snap.torn_skipped;
            self = im.have_self[i] ? im.last_self[i] : SelfPart{};
        }
        if (life.pid <= 0 || life.withdrawn)
            continue;
        ProcessRecord r;
        r.pid = life.pid;
        r.ppid = life.ppid;
        r.os_ppid = life.os_ppid; // as started; a sample while it lives has the last word
        r.name = fixed(life.name, sizeof life.name);
        r.kind = in_range(life.kind, ProcessKind::Helper) ? static_cast<ProcessKind>(life.kind) : ProcessKind::Process;
        r.daemon = life.daemon != 0;
        r.joined = life.joined != 0;
        r.start_ns = life.start_ns;
        r.end_ns = life.end_ns;
        if (life.remote) {
            r.host = host_of(host);
            r.rank = host.rank;
        }
        if (life.ended) {
            r.exitcode = life.exitcode;
            r.state = life.exitcode < 0 ? RunState::Killed : RunState::Exited;
        } else {
            r.task_pool = self.task_pool;
            r.task_id = self.task_id;
            r.task_function = fixed(self.task_fn, sizeof self.task_fn);
            if (self.blocked) {
                r.state = RunState::Blocked;
                r.blocked_on = self.blocked_obj;
                r.blocked_op = in_range(self.op, WaitOp::TaskDone) ? static_cast<WaitOp>(self.op) : WaitOp::None;
                r.blocked_pid = self.blocked_pid;
                r.blocked_since_ns = self.since_ns;
            } else {
                r.state = RunState::Running;
            }
        }
        snap.processes.push_back(std::move(r));
    }
}

// The object slots, with live figures from the objects' own memory (Session::snapshot).
void Session::Impl::read_objects(Snapshot& snap)
{
    Impl& im = *this;
    Layout& l = map->layout();
    const std::uint32_t no = std::min<std::uint32_t>(l.header.objects.load(std::memory_order_acquire), kMaxObjects);
    snap.objects.reserve(no);
    for (std::uint32_t i = 0; i < no; ++i) {
        const ObjectSlot& o = l.objects[i];
        ObjectRecord r;
        bool ok = false;
        for (int attempt = 0; attempt < 100 && !ok; ++attempt) {
            const std::uint32_t s1 = o.seq.load(std::memory_order_acquire);
            if (s1 & 1U)
                continue;
            r.kind = static_cast<ObjectKind>(o.kind);
            r.alive = o.alive != 0;
            r.creator = o.creator;
            r.created_ns = o.created_ns;
            r.destroyed_ns = o.destroyed_ns;
            r.capacity = o.capacity;
            r.name = fixed(o.name, sizeof o.name);
            r.label = fixed(o.label, sizeof o.label);
            std::atomic_thread_fence(std::memory_order_acquire);
            ok = o.seq.load(std::memory_order_relaxed) == s1;
        }
        if (!ok || !in_range(static_cast<unsigned>(r.kind), ObjectKind::Process)) {
            ++snap.torn_skipped;
            continue;
        }
        r.id = i + 1;
        r.puts = static_cast<std::uint64_t>(o.counters[kPuts].load(std::memory_order_relaxed));
        r.gets = static_cast<std::uint64_t>(o.counters[kGets].load(std::memory_order_relaxed));
        r.bytes = static_cast<std::uint64_t>(o.counters[kBytes].load(std::memory_order_relaxed));
        r.workers = static_cast<std::uint32_t>(o.counters[kWorkers].load(std::memory_order_relaxed));
        r.tasks_queued = static_cast<std::uint64_t>(o.counters[kQueued].load(std::memory_order_relaxed));
        r.tasks_running = static_cast<std::uint64_t>(o.counters[kRunning].load(std::memory_order_relaxed));
        r.tasks_done = static_cast<std::uint64_t>(o.counters[kDone].load(std::memory_order_relaxed));
        r.tasks_failed = static_cast<std::uint64_t>(o.counters[kFailed].load(std::memory_order_relaxed));
        r.tasks_lost = static_cast<std::uint64_t>(o.counters[kLost].load(std::memory_order_relaxed));
        // A watched Python program's objects push their figures (python/proclab_watch).
        const bool pushed = r.name.rfind("py/", 0) == 0;
        if (pushed) {
            r.owner = static_cast<pid_t>(o.counters[kOwner].load(std::memory_order_relaxed));
            r.value = o.counters[kValue].load(std::memory_order_relaxed);
        }
        if (r.kind == ObjectKind::Pipe || (pushed && r.kind == ObjectKind::Queue))
            r.depth = r.puts >= r.gets ? r.puts - r.gets : 0;
        // A pipe, or a Python object, has no segment of its own: it is shown while its creator lives.
        if ((r.kind == ObjectKind::Pipe || pushed) && r.alive && r.creator > 0 && ::kill(r.creator, 0) != 0 &&
            errno == ESRCH)
            r.alive = false;
        if (r.label.empty())
            r.label = std::string(to_string(r.kind));
        // Live figures straight from the object's own memory.
        auto it = im.peeks.find(i);
        if (r.alive && r.name.rfind("proclab-", 0) == 0) {
            if (it == im.peeks.end() || it->second.first != r.name) {
                auto p = detail::peek_segment(r.name);
                it = p ? im.peeks.insert_or_assign(i, std::make_pair(r.name, std::move(p))).first : im.peeks.end();
                if (it == im.peeks.end())
                    im.peeks.erase(i);
            }
            if (it != im.peeks.end()) {
                const auto& pm = *it->second.second;
                fill_live_figures(pm.kind, pm.data, pm.size, r);
            }
        } else if (it != im.peeks.end()) {
            im.peeks.erase(it);
        }
        snap.objects.push_back(std::move(r));
    }
}

Snapshot Session::snapshot(bool sample_proc)
{
    Impl& im = *m_impl;
    Layout& l = im.map->layout();
    Snapshot snap;
    snap.session = im.map->session();
    snap.taken_ns = now_ns();
    snap.events_written = l.header.event_head.load(std::memory_order_acquire);

    im.read_processes(snap);
    if (sample_proc)
        sample_live(im.stats, im.cpu, snap);
    im.read_objects(snap);
    // Waiters as the process table sees them (a lock's word only says "someone may sleep").
    for (auto& o : snap.objects) {
        std::uint32_t n = 0;
        for (const auto& p : snap.processes)
            n += p.state == RunState::Blocked && p.blocked_on == o.id;
        o.waiters = std::max(o.waiters, n);
    }
    return snap;
}

EventBatch Session::events(std::uint64_t since, std::size_t max)
{
    Impl& im = *m_impl;
    Layout& l = im.map->layout();
    EventBatch b;
    const std::uint64_t head = l.header.event_head.load(std::memory_order_acquire);
    std::uint64_t s = since;
    if (head > kEventRing && s < head - kEventRing) {
        b.lost += head - kEventRing - s;
        s = head - kEventRing;
    }
    b.events.reserve(std::min<std::uint64_t>(head - std::min(head, s), max));
    for (; s < head && b.events.size() < max; ++s) {
        const EventSlot& e = l.events[s % kEventRing];
        const std::uint64_t v1 = e.seq.load(std::memory_order_acquire);
        if (v1 != 2 * s + 2) {
            if (v1 > 2 * s + 2) { // overwritten by a later lap
                ++b.lost;
                continue;
            }
            // Not complete yet: wait for it a little (next call); a writer killed mid-record
            // leaves it incomplete for good, so after 100 ms it is counted lost.
            const std::int64_t now = now_ns();
            if (im.stall_seq != s) {
                im.stall_seq = s;
                im.stall_since = now;
                break;
            }
            if (now - im.stall_since < 100'000'000)
                break;
            ++b.lost;
            continue;
        }
        SessionEvent ev;
        ev.seq = s;
        ev.t_ns = e.t_ns;
        ev.pid = e.pid;
        ev.object = e.object;
        if (!in_range(e.kind, EventKind::Mark)) {
            ++b.lost;
            continue;
        }
        ev.kind = static_cast<EventKind>(e.kind);
        ev.arg = e.arg;
        ev.arg2 = e.arg2;
        const std::uint16_t remote_slot = e.remote_slot;
        std::atomic_thread_fence(std::memory_order_acquire);
        if (e.seq.load(std::memory_order_relaxed) != v1) {
            ++b.lost;
            continue;
        }
        if (remote_slot != 0) {
            // A relayed process's event: its host is in its record (a record of another process
            // since, when the table was full and the slot reused: "?").
            LifePart life{};
            HostPart host{};
            const bool same = remote_slot <= kMaxProcesses && read_life(l.processes[remote_slot - 1], life, host) &&
                              life.remote && life.pid == ev.pid;
            ev.host = same ? host_of(host) : std::string("?");
        }
        b.events.push_back(ev);
    }
    b.next = s;
    return b;
}

const ProcessRecord* Snapshot::process(pid_t pid) const noexcept
{
    return process(pid, {});
}

const ProcessRecord* Snapshot::process(pid_t pid, std::string_view host) const noexcept
{
    const ProcessRecord* found = nullptr;
    for (const auto& p : processes)
        if (p.pid == pid && p.host == host)
            found = &p; // the newest record of a recycled pid
    return found;
}

const ObjectRecord* Snapshot::object(ObjectId id) const noexcept
{
    for (const auto& o : objects)
        if (o.id == id)
            return &o;
    return nullptr;
}

} // namespace proclab
