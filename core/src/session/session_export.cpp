// Session data for people and tools: names, the wait-for graph, Chrome trace JSON, CSV.
#include <proclab/session.h>

#include "enum_name.h"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <tuple>

namespace proclab {

std::string_view to_string(ProcessKind k) noexcept
{
    return detail::enum_name<ProcessKind::Manager>(
        k, {"main", "process", "pool worker", "command", "forkserver", "manager"});
}

std::string_view to_string(RunState s) noexcept
{
    return detail::enum_name<RunState::Zombie>(
        s, {"created", "running", "blocked", "stopped", "exited", "killed", "zombie"});
}

std::string_view to_string(ObjectKind k) noexcept
{
    return detail::enum_name<ObjectKind::Process>(k, {"Queue", "Pipe", "Lock", "RLock", "Event", "Semaphore",
                                                      "BoundedSemaphore", "Condition", "Barrier", "Value", "Array",
                                                      "SharedMemory", "Pool", "Manager", "Process"});
}

std::string_view to_string(WaitOp op) noexcept
{
    return detail::enum_name<WaitOp::TaskDone>(
        op, {"", "get", "put", "acquire", "wait", "join", "recv", "send", "join (task_done)"});
}

std::string_view to_string(EventKind k) noexcept
{
    return detail::enum_name<EventKind::Mark>(k, {"start", "exit", "join begin", "join end", "signal", "task begin",
                                                  "task end", "put", "get", "acquire", "release", "wait begin",
                                                  "wait end", "create", "destroy", "mark"});
}

std::string describe_exitcode(int code)
{
    if (code >= 0)
        return std::to_string(code);
    const char* abbrev = sigabbrev_np(-code);
    // U+2212 MINUS SIGN reads better than '-' in a table.
    return "\u2212" + std::to_string(-code) + (abbrev ? std::string(" (SIG") + abbrev + ")" : std::string());
}

// ---- wait-for graph ---------------------------------------------------------------------------

WaitForGraph Session::wait_for_graph(const Snapshot& snap)
{
    WaitForGraph g;
    std::map<pid_t, pid_t> next; // waiter → holder
    for (const auto& p : snap.processes) {
        if (p.state != RunState::Blocked || p.end_ns != 0 || p.remote())
            continue;
        WaitForGraph::Edge e;
        e.waiter = p.pid;
        e.op = p.blocked_op;
        e.object = p.blocked_on;
        if (p.blocked_op == WaitOp::Join)
            e.holder = p.blocked_pid;
        else if (const ObjectRecord* o = snap.object(p.blocked_on))
            e.holder = o->owner;
        if (e.holder == e.waiter)
            e.holder = 0; // another thread of the same process holds it
        g.edges.push_back(e);
        if (e.holder)
            next[e.waiter] = e.holder;
    }
    // Each process waits on at most one thing: follow the chains; a chain that comes back is a cycle.
    std::set<pid_t> done;
    for (const auto& [start, unused] : next) {
        (void)unused;
        if (done.contains(start))
            continue;
        std::vector<pid_t> path;
        std::map<pid_t, std::size_t> at;
        pid_t p = start;
        while (next.contains(p) && !done.contains(p) && !at.contains(p)) {
            at[p] = path.size();
            path.push_back(p);
            p = next[p];
        }
        if (at.contains(p)) {
            std::vector<pid_t> cycle(path.begin() + static_cast<std::ptrdiff_t>(at[p]), path.end());
            // Canonical order: start at the smallest pid (the same cycle is reported once).
            std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
            g.cycles.push_back(std::move(cycle));
        }
        done.insert(path.begin(), path.end());
    }
    return g;
}

std::vector<std::string> WaitForGraph::explain(const Snapshot& snap) const
{
    auto object_text = [&](const Edge& e) {
        if (e.op == WaitOp::Join)
            return "the end of child " + std::to_string(e.holder);
        const ObjectRecord* o = snap.object(e.object);
        return o ? o->label + " '" + o->name + "'" : std::string("object #") + std::to_string(e.object);
    };
    std::vector<std::string> out;
    for (const auto& c : cycles) {
        std::string line = "deadlock: ";
        for (std::size_t i = 0; i < c.size(); ++i) {
            const Edge* e = nullptr;
            for (const auto& x : edges)
                if (x.waiter == c[i])
                    e = &x;
            if (!e)
                continue;
            const ProcessRecord* p = snap.process(c[i]);
            const std::string who = (p ? p->name + " (" + std::to_string(c[i]) + ")" : std::to_string(c[i]));
            const ProcessRecord* h = snap.process(e->holder);
            const std::string holder = h ? h->name + " (" + std::to_string(e->holder) + ")" : std::to_string(e->holder);
            line += (i ? "; " : "") + who + " waits (" + std::string(to_string(e->op)) + ") on " + object_text(*e) +
                    (e->op == WaitOp::Join ? std::string() : " held by " + holder);
        }
        line += ", and none can go on until another gives way";
        out.push_back(std::move(line));
    }
    return out;
}

// ---- Chrome trace JSON ------------------------------------------------------------------------

namespace {

std::string json_escape(std::string_view s)
{
    std::string out;
    out.reserve(s.size() + 2);
    for (char c : s) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += c;
            }
        }
    }
    return out;
}

// ns - origin, wrapping: times read from a registry or a recording may be anything.
std::int64_t since(std::int64_t ns, std::int64_t origin)
{
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(ns) - static_cast<std::uint64_t>(origin));
}

std::string us(std::int64_t ns, std::int64_t origin)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", double(since(ns, origin)) / 1000.0);
    return buf;
}

constexpr int kTaskTrack = 1; // tid of the task spans of a process
constexpr int kWaitTrack = 2; // tid of its blocked waits
constexpr int kLifeTrack = 3; // tid of its lifetime span

} // namespace

// The trace's JSON is written piece by piece: escaped quotes keep each key beside its value, and
// one function keeps the event kinds together (metadata, lifetimes, spans, flows).
// NOLINTBEGIN(modernize-raw-string-literal,performance-inefficient-string-concatenation,readability-function-size)
std::string Session::chrome_trace(const Snapshot& snap, const std::vector<SessionEvent>& events)
{
    std::int64_t origin = snap.taken_ns;
    for (const auto& p : snap.processes)
        if (p.start_ns)
            origin = std::min(origin, p.start_ns);
    for (const auto& e : events)
        origin = std::min(origin, e.t_ns);

    std::string out = "{\"displayTimeUnit\":\"ms\",\"otherData\":{\"session\":\"" + json_escape(snap.session) +
                      "\"},\"traceEvents\":[\n";
    bool first = true;
    auto emit = [&](const std::string& obj) {
        if (!first)
            out += ",\n";
        first = false;
        out += obj;
    };
    auto object_name = [&](ObjectId id) {
        const ObjectRecord* o = snap.object(id);
        return o ? o->label + " " + o->name.substr(o->name.rfind('-') == std::string::npos ? 0 : o->name.rfind('-') + 1)
                 : std::string("object ") + std::to_string(id);
    };
    // A relayed process of another host is a trace process of its own: its pid may be one of
    // this host's. Its trace pid lies above any pid, its name says where it ran.
    std::map<std::pair<std::string, pid_t>, long long> remote_ids;
    auto trace_pid = [&](pid_t pid, const std::string& host) {
        if (host.empty())
            return std::to_string(pid);
        const long long next = (1LL << 32) + static_cast<long long>(remote_ids.size());
        return std::to_string(remote_ids.try_emplace({host, pid}, next).first->second);
    };
    // Metadata: process and thread names.
    for (const auto& p : snap.processes) {
        const std::string pid = trace_pid(p.pid, p.host);
        const std::string where = p.remote() ? " on " + p.host + " (pid " + std::to_string(p.pid) + ")" : "";
        emit("{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":" + pid + ",\"args\":{\"name\":\"" +
             json_escape(p.name + " [" + std::string(to_string(p.kind)) + "]" + where) + "\"}}");
        emit("{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":" + pid + ",\"tid\":" + std::to_string(kTaskTrack) +
             ",\"args\":{\"name\":\"tasks\"}}");
        emit("{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":" + pid + ",\"tid\":" + std::to_string(kWaitTrack) +
             ",\"args\":{\"name\":\"waits\"}}");
        emit("{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":" + pid + ",\"tid\":" + std::to_string(kLifeTrack) +
             ",\"args\":{\"name\":\"lifetime\"}}");
        // Lifetime span.
        if (p.start_ns) {
            const std::int64_t end = p.end_ns ? p.end_ns : snap.taken_ns;
            std::string args = "{\"state\":\"" + std::string(to_string(p.state)) + "\"";
            if (p.exitcode)
                args += ",\"exitcode\":" + std::to_string(*p.exitcode);
            args += ",\"daemon\":" + std::string(p.daemon ? "true" : "false") + "}";
            emit("{\"ph\":\"X\",\"name\":\"" + json_escape(p.name) + "\",\"cat\":\"process\",\"pid\":" + pid +
                 ",\"tid\":" + std::to_string(kLifeTrack) + ",\"ts\":" + us(p.start_ns, origin) +
                 ",\"dur\":" + us(end, p.start_ns) + ",\"args\":" + args + "}");
        }
    }
    // Spans: task begin/end and wait begin/end matched per process.
    std::map<std::tuple<std::string, pid_t, std::int64_t>, const SessionEvent*> open_tasks;
    std::map<pid_t, std::vector<const SessionEvent*>> open_waits;
    std::map<std::pair<ObjectId, std::int64_t>, const SessionEvent*> puts; // for flows
    for (const auto& e : events) {
        const std::string pid = trace_pid(e.pid, e.host);
        switch (e.kind) {
        case EventKind::TaskBegin:
            open_tasks[{e.host, e.pid, e.arg}] = &e;
            break;
        case EventKind::TaskEnd: {
            auto it = open_tasks.find({e.host, e.pid, e.arg});
            const std::int64_t begin = it != open_tasks.end() ? it->second->t_ns : e.t_ns;
            if (it != open_tasks.end())
                open_tasks.erase(it);
            static const char* outcomes[] = {"ok", "error", "lost"};
            const char* outcome = e.arg2 < 3 ? outcomes[e.arg2] : "?";
            emit("{\"ph\":\"X\",\"name\":\"task " + std::to_string(e.arg) + "\",\"cat\":\"task\",\"pid\":" + pid +
                 ",\"tid\":" + std::to_string(kTaskTrack) + ",\"ts\":" + us(begin, origin) +
                 ",\"dur\":" + us(e.t_ns, begin) + ",\"args\":{\"task\":" + std::to_string(e.arg) + ",\"pool\":\"" +
                 json_escape(object_name(e.object)) + "\",\"outcome\":\"" + outcome + "\"}}");
            break;
        }
        case EventKind::WaitBegin:
        case EventKind::JoinBegin:
            open_waits[e.pid].push_back(&e);
            break;
        case EventKind::WaitEnd:
        case EventKind::JoinEnd: {
            auto& stack = open_waits[e.pid];
            const SessionEvent* b = nullptr;
            for (auto it = stack.rbegin(); it != stack.rend(); ++it)
                if ((*it)->object == e.object && (*it)->arg == e.arg) {
                    b = *it;
                    stack.erase(std::next(it).base());
                    break;
                }
            const std::int64_t begin = b ? b->t_ns : e.t_ns;
            const std::string what = e.kind == EventKind::JoinEnd ? "join(" + std::to_string(e.arg) + ")"
                                                                  : std::string(to_string(static_cast<WaitOp>(e.arg))) +
                                                                        " " + object_name(e.object);
            emit("{\"ph\":\"X\",\"name\":\"" + json_escape(what) + "\",\"cat\":\"wait\",\"pid\":" + pid + ",\"tid\":" +
                 std::to_string(kWaitTrack) + ",\"ts\":" + us(begin, origin) + ",\"dur\":" + us(e.t_ns, begin) + "}");
            break;
        }
        case EventKind::Put:
        case EventKind::Get: {
            // Queue depth as a counter (Put's arg: messages published so far; Get's: consumed).
            const std::string qname = json_escape(object_name(e.object));
            emit("{\"ph\":\"i\",\"s\":\"t\",\"name\":\"" + std::string(to_string(e.kind)) +
                 "\",\"cat\":\"queue\",\"pid\":" + pid + ",\"tid\":" + std::to_string(kTaskTrack) +
                 ",\"ts\":" + us(e.t_ns, origin) + ",\"args\":{\"queue\":\"" + qname +
                 "\",\"message\":" + std::to_string(e.arg) + ",\"weight\":" + std::to_string(e.arg2) + "}}");
            const std::string flow_id = std::to_string((std::uint64_t(e.object) << 40) ^ std::uint64_t(e.arg));
            if (e.kind == EventKind::Put) {
                puts[{e.object, e.arg}] = &e;
                emit("{\"ph\":\"s\",\"name\":\"message\",\"cat\":\"flow\",\"id\":" + flow_id + ",\"pid\":" + pid +
                     ",\"tid\":" + std::to_string(kTaskTrack) + ",\"ts\":" + us(e.t_ns, origin) + "}");
            } else if (puts.contains({e.object, e.arg})) {
                emit("{\"ph\":\"f\",\"bp\":\"e\",\"name\":\"message\",\"cat\":\"flow\",\"id\":" + flow_id +
                     ",\"pid\":" + pid + ",\"tid\":" + std::to_string(kTaskTrack) + ",\"ts\":" + us(e.t_ns, origin) +
                     "}");
            }
            break;
        }
        case EventKind::ProcessStart:
        case EventKind::ProcessExit:
        case EventKind::Signal:
        case EventKind::Mark:
        case EventKind::Acquire:
        case EventKind::Release:
            emit("{\"ph\":\"i\",\"s\":\"t\",\"name\":\"" + std::string(to_string(e.kind)) + "\",\"pid\":" + pid +
                 ",\"tid\":" + std::to_string(kLifeTrack) + ",\"ts\":" + us(e.t_ns, origin) +
                 ",\"args\":{\"arg\":" + std::to_string(e.arg) + ",\"object\":\"" +
                 json_escape(e.object ? object_name(e.object) : "") + "\"}}");
            break;
        case EventKind::ObjectCreate:
        case EventKind::ObjectDestroy:
            break;
        }
    }
    // Queue depths as counter events, from the snapshot's exact figures and the put/get events.
    std::map<ObjectId, std::pair<std::int64_t, std::int64_t>> seen; // last put seq, last get seq
    for (const auto& e : events) {
        if (e.kind != EventKind::Put && e.kind != EventKind::Get)
            continue;
        auto& s = seen[e.object];
        (e.kind == EventKind::Put ? s.first : s.second) = e.arg;
        const ObjectRecord* o = snap.object(e.object);
        emit("{\"ph\":\"C\",\"name\":\"depth " + json_escape(object_name(e.object)) +
             "\",\"pid\":" + std::to_string(o ? o->creator : e.pid) + ",\"ts\":" + us(e.t_ns, origin) +
             ",\"args\":{\"depth\":" + std::to_string(std::max<std::int64_t>(0, s.first - s.second)) + "}}");
    }
    out += "\n]}\n";
    return out;
}
// NOLINTEND(modernize-raw-string-literal,performance-inefficient-string-concatenation,readability-function-size)

// ---- CSV ----------------------------------------------------------------------------------------

namespace {
std::string csv_field(std::string_view s)
{
    if (s.find_first_of(",\"\n") == std::string_view::npos)
        return std::string(s);
    std::string out = "\"";
    for (char c : s) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}
} // namespace

std::string Session::processes_csv(const Snapshot& snap)
{
    std::string out =
        "pid,ppid,name,kind,state,daemon,exitcode,cpu_percent,rss_bytes,start_ms,end_ms,task,blocked_on,host,rank\n";
    std::int64_t origin = snap.taken_ns;
    for (const auto& p : snap.processes)
        if (p.start_ns)
            origin = std::min(origin, p.start_ns);
    for (const auto& p : snap.processes) {
        char cpu[32];
        std::snprintf(cpu, sizeof cpu, "%.1f", p.cpu_percent);
        std::string blocked;
        if (p.state == RunState::Blocked) {
            blocked = std::string(to_string(p.blocked_op)) + " ";
            if (p.blocked_op == WaitOp::Join)
                blocked += std::to_string(p.blocked_pid);
            else if (const ObjectRecord* o = snap.object(p.blocked_on))
                blocked += o->label + " " + o->name;
        }
        out += std::to_string(p.pid) + "," + std::to_string(p.ppid) + "," + csv_field(p.name) + "," +
               csv_field(to_string(p.kind)) + "," + std::string(to_string(p.state)) + "," + (p.daemon ? "1" : "0") +
               "," + (p.exitcode ? std::to_string(*p.exitcode) : std::string()) + "," + cpu + "," +
               std::to_string(p.rss_bytes) + "," + std::to_string(since(p.start_ns, origin) / 1'000'000) + "," +
               (p.end_ns ? std::to_string(since(p.end_ns, origin) / 1'000'000) : std::string()) + "," +
               csv_field(p.task_function.empty() && !p.task_id ? std::string()
                                                               : p.task_function + "#" + std::to_string(p.task_id)) +
               "," + csv_field(blocked) + "," + csv_field(p.host) + "," +
               (p.rank >= 0 ? std::to_string(p.rank) : std::string()) + "\n";
    }
    return out;
}

} // namespace proclab
