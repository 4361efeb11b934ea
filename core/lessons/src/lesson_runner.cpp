// LessonRunner: the lesson main program, its output channel and the transcript
// (see proclab/lesson_runner.h).
#include <proclab/lessons/lesson_runner.h>
#include <proclab/lessons/lesson_tasks.h>
#include <proclab/clock.h>
#include <proclab/semaphore.h>
#include <proclab/session.h>

#include "lesson_exec.h"

#include <fcntl.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

namespace proclab {

namespace {

using lessons::detail::emit;
using lessons::detail::Objects;

std::chrono::milliseconds scaled_ms(double seconds)
{
    return std::chrono::milliseconds(static_cast<long long>(seconds * 1000.0 / lessons::speed()));
}

std::string py_bool(bool b)
{
    return b ? "True" : "False";
}

std::string exit_text(const std::optional<int>& rc)
{
    return rc ? describe_exitcode(*rc) : std::string("None");
}

std::string join_list(const std::vector<int>& xs)
{
    std::string s = "[";
    for (std::size_t i = 0; i < xs.size(); ++i)
        s += (i ? ", " : "") + std::to_string(xs[i]);
    return s + "]";
}

/// "{since:N}" in a print step's text: lesson seconds (scaled back by the speed) since step N began.
std::string expand(std::string text, const Objects& o)
{
    for (std::size_t at; (at = text.find("{since:")) != std::string::npos;) {
        const std::size_t end = text.find('}', at);
        if (end == std::string::npos)
            break;
        const std::size_t n = std::size_t(std::atol(text.c_str() + at + 7));
        char buf[32] = "?";
        if (n >= 1 && n <= o.step_started_ns.size())
            std::snprintf(buf, sizeof buf, "%.1f",
                          double(now_ns() - o.step_started_ns[n - 1]) / 1e9 * lessons::speed());
        text.replace(at, end - at + 1, buf);
    }
    return text;
}

/// Runs one step in the lesson main program.
void execute(const LessonStep& s, Objects& o)
{
    const std::string& a = s.action;
    auto proc = [&]() -> Process& { return *o.processes.at(s.str("process")); };
    const std::string pname = s.str("process");
    if (a == "process" || a == "command") {
        auto p = std::make_unique<Process>(a == "command" ? Process::shell(s.str("command"))
                                                          : lessons::detail::make_process(s.str("task"), s.args, o));
        if (s.has("name"))
            p->set_name(s.str("name"));
        if (s.has("daemon"))
            p->set_daemon(s.flag("daemon"));
        if (s.has("start_method")) {
            const std::string m = s.str("start_method");
            p->set_start_method(m == "spawn"        ? StartMethod::Spawn
                                : m == "forkserver" ? StartMethod::ForkServer
                                                    : StartMethod::Fork);
        }
        o.processes[s.str("id")] = std::move(p);
    } else if (a == "start") {
        proc().start();
        emit('I', -1, pname + " started: " + proc().name() + ", pid " + std::to_string(proc().pid()));
    } else if (a == "join") {
        const auto t0 = now_ns();
        const bool ended = s.has("timeout") ? proc().join(scaled_ms(s.number("timeout"))) : (proc().join(), true);
        char took[64];
        const double secs = double(now_ns() - t0) / 1e9;
        if (lessons::speed() == 1.0)
            std::snprintf(took, sizeof took, "%.3f s", secs);
        else
            std::snprintf(took, sizeof took, "%.3f s (%.1f lesson s)", secs, secs * lessons::speed());
        emit('I', -1,
             "join " + pname + " returned after " + took + ": " +
                 (ended ? "exitcode " + exit_text(proc().exitcode()) : std::string("timed out, still running")));
    } else if (a == "terminate") {
        proc().terminate();
    } else if (a == "kill") {
        proc().kill();
    } else if (a == "kill_tree") {
        const int n = proc().kill_tree(SIGKILL);
        emit('I', -1, "kill_tree " + pname + ": " + std::to_string(n) + " process(es) killed, leaves first");
    } else if (a == "set_daemon") {
        proc().set_daemon(s.flag("daemon"));
    } else if (a == "is_alive") {
        emit('I', -1, pname + ".is_alive() = " + py_bool(proc().is_alive()));
    } else if (a == "show") {
        Process& p = proc();
        emit('I', -1,
             pname + ": name " + p.name() + ", pid " + std::to_string(p.pid()) + ", daemon " + py_bool(p.daemon()) +
                 ", is_alive " + py_bool(p.is_alive()) + ", exitcode " + exit_text(p.exitcode()));
    } else if (a == "active_children") {
        std::string list;
        for (const auto& c : active_children())
            list += (list.empty() ? "" : ", ") + c.name + " (" + std::to_string(c.pid) + ")";
        emit('I', -1, "active_children() = [" + list + "]");
    } else if (a == "show_pid") {
        const std::string var = s.str("pid").substr(1);
        const long long pid = o.variables.at(var);
        std::ifstream status("/proc/" + std::to_string(pid) + "/status");
        std::string line, ppid, state;
        while (std::getline(status, line)) {
            if (line.rfind("PPid:", 0) == 0)
                ppid = line.substr(5);
            if (line.rfind("State:", 0) == 0)
                state = line.substr(6);
        }
        auto trim = [](std::string t) {
            t.erase(0, t.find_first_not_of(" \t"));
            return t;
        };
        if (ppid.empty())
            emit('I', -1, var + " (pid " + std::to_string(pid) + "): gone (no such process)");
        else
            emit('I', -1,
                 var + " (pid " + std::to_string(pid) + "): parent " + trim(ppid) +
                     (std::stol(trim(ppid)) == ::getpid() ? " (the lesson main: re-parented to it)" : "") + ", state " +
                     trim(state));
    } else if (a == "queue") {
        o.queues.emplace(s.str("id"), Queue<std::string>(std::size_t(s.integer("maxsize", 0))));
    } else if (a == "put" || a == "put_nowait") {
        auto put_into = [&](auto& q) {
            const std::string v = s.str("value");
            if (a == "put_nowait")
                q.put_nowait(v);
            else if (s.has("timeout"))
                q.put(v, scaled_ms(s.number("timeout")));
            else
                q.put(v);
            emit('I', -1, "put " + v + " (qsize " + std::to_string(q.qsize()) + ")");
        };
        if (auto it = o.manager_queues.find(s.str("queue")); it != o.manager_queues.end())
            put_into(it->second);
        else
            put_into(o.queues.at(s.str("queue")));
    } else if (a == "get" && s.has("queue")) {
        // A ProcLab Queue or a Manager queue's proxy: the same calls.
        auto get_from = [&](auto& q) {
            const bool until_empty = s.flag("until_empty");
            for (long long i = 0, n = s.integer("count", 1); until_empty || i < n; ++i) {
                if (until_empty && q.empty())
                    break;
                const std::string v = s.has("timeout") ? q.get(scaled_ms(s.number("timeout"))) : q.get();
                emit('O', -1, "main got " + v);
                if (s.has("into"))
                    o.variables[s.str("into")] = std::stoll(v);
            }
        };
        if (auto it = o.manager_queues.find(s.str("queue")); it != o.manager_queues.end())
            get_from(it->second);
        else
            get_from(o.queues.at(s.str("queue")));
    } else if (a == "get") {
        const std::string id = s.str("result");
        if (auto it = o.results.find(id); it != o.results.end()) {
            const int v = s.has("timeout") ? it->second.get(scaled_ms(s.number("timeout"))) : it->second.get();
            emit('I', -1, id + ".get() = " + std::to_string(v));
        } else {
            auto& r = o.map_results.at(id);
            const auto v = s.has("timeout") ? r.get(scaled_ms(s.number("timeout"))) : r.get();
            emit('I', -1, id + ".get() = " + join_list(v));
        }
    } else if (a == "get_nowait") {
        const std::string id = s.str("queue");
        emit('O', -1,
             "main got " +
                 (o.manager_queues.count(id) ? o.manager_queues.at(id).get_nowait() : o.queues.at(id).get_nowait()));
    } else if (a == "pipe") {
        auto [x, y] = Pipe<std::string>(s.flag("duplex", true));
        o.ends[s.str("a")] = std::make_shared<Connection<std::string>>(std::move(x));
        o.ends[s.str("b")] = std::make_shared<Connection<std::string>>(std::move(y));
    } else if (a == "send") {
        o.ends.at(s.str("end"))->send(s.str("value"));
    } else if (a == "recv") {
        auto& end = *o.ends.at(s.str("end"));
        for (long long i = 0, n = s.integer("count", 1); i < n; ++i) {
            if (s.has("timeout") && !end.poll(scaled_ms(s.number("timeout"))))
                throw TimeoutError("recv: nothing within the timeout");
            emit('O', -1, "main received: " + end.recv());
        }
    } else if (a == "lock") {
        o.locks.emplace(s.str("id"), Lock());
    } else if (a == "manager") {
        auto m = std::make_unique<Manager>();
        emit('I', -1,
             "manager " + s.str("id") + ": server process pid " + std::to_string(m->pid()) + " at " +
                 m->address().to_string());
        o.managers[s.str("id")] = std::move(m);
    } else if (a == "manager_queue") {
        o.manager_queues.insert_or_assign(s.str("id"), o.managers.at(s.str("manager"))->Queue<std::string>());
        emit('I', -1, s.str("id") + " = " + s.str("manager") + ".Queue(): a proxy to a queue in the manager process");
    } else if (a == "manager_lock") {
        o.manager_locks.insert_or_assign(s.str("id"), o.managers.at(s.str("manager"))->Lock());
        emit('I', -1, s.str("id") + " = " + s.str("manager") + ".Lock(): a proxy to a lock in the manager process");
    } else if (a == "value") {
        o.values.emplace(s.str("id"), Value<long long>(s.integer("initial", 0)));
    } else if (a == "print") {
        if (s.has("value"))
            emit('O', -1, s.str("value") + ".value = " + std::to_string(o.values.at(s.str("value")).load()));
        else
            emit('O', -1, expand(s.str("text"), o));
    } else if (a == "sleep") {
        lessons::sleep_scaled(s.number("seconds"));
    } else if (a == "pool") {
        PoolOptions opts;
        if (s.has("processes"))
            opts.processes = int(s.integer("processes"));
        opts.maxtasksperchild = s.integer("maxtasksperchild", 0);
        auto pool = std::make_unique<Pool>(opts);
        std::string pids;
        for (pid_t p : pool->worker_pids())
            pids += (pids.empty() ? "" : ", ") + std::to_string(p);
        emit('I', -1, "pool " + s.str("id") + ": " + std::to_string(pool->processes()) + " workers [" + pids + "]");
        o.pools[s.str("id")] = std::move(pool);
    } else if (a == "apply") {
        std::string args;
        for (const auto& v : s.args)
            args += ", " + (std::holds_alternative<std::string>(v) ? std::get<std::string>(v) : to_string(v));
        const int r = lessons::detail::pool_apply(*o.pools.at(s.str("pool")), s.str("task"), s.args, o);
        emit('I', -1, "apply(" + s.str("task") + args + ") = " + std::to_string(r));
    } else if (a == "starmap") {
        const auto r = lessons::detail::pool_starmap(*o.pools.at(s.str("pool")), s.str("task"), s.items, o);
        emit('I', -1, "starmap = " + join_list(r));
    } else if (a == "apply_async") {
        const int x = int(std::get<long long>(s.args.at(0)));
        const std::string call = s.str("task") + "(" + std::to_string(x) + ")";
        auto r = o.pools.at(s.str("pool"))
                     ->apply_async(
                         lessons::detail::pool_function(s.str("task")), x,
                         [call](const int& v) { emit('I', -1, "callback: " + call + " = " + std::to_string(v)); },
                         [call](const std::exception& e) {
                             emit('E', -1,
                                  "error_callback: " + call + " failed: " + exception_type_name(e) + ": " + e.what());
                         });
        o.results.insert_or_assign(s.str("id"), std::move(r));
    } else if (a == "map" || a == "map_async" || a == "imap") {
        const auto& xs = std::get<std::vector<long long>>(s.fields.at("xs"));
        const std::vector<int> items(xs.begin(), xs.end());
        Pool& pool = *o.pools.at(s.str("pool"));
        const auto fn = lessons::detail::pool_function(s.str("task"));
        const auto chunk = std::size_t(s.integer("chunksize", 0));
        if (a == "map")
            emit('I', -1, "map = " + join_list(pool.map(fn, items, chunk)));
        else if (a == "map_async")
            o.map_results.insert_or_assign(s.str("id"), pool.map_async(fn, items, chunk));
        else
            o.iters[s.str("id")] = std::make_unique<IMapIterator<int>>(pool.imap(fn, items, chunk ? chunk : 1));
    } else if (a == "next") {
        IMapIterator<int>& it = *o.iters.at(s.str("iter"));
        do {
            try {
                const auto v = s.has("timeout") ? it.next(scaled_ms(s.number("timeout"))) : it.next();
                if (!v) {
                    emit('I', -1, s.str("iter") + ".next(): StopIteration (exhausted)");
                    break;
                }
                emit('I', -1, s.str("iter") + ".next() = " + std::to_string(*v));
            } catch (const TimeoutError&) {
                emit('I', -1, s.str("iter") + ".next(timeout=" + s.str("timeout") + "): TimeoutError, not ready yet");
            }
        } while (s.flag("until_exhausted"));
    } else if (a == "pool_close") {
        o.pools.at(s.str("pool"))->close();
    } else if (a == "pool_terminate") {
        o.pools.at(s.str("pool"))->terminate();
    } else if (a == "pool_join") {
        o.pools.at(s.str("pool"))->join();
    } else {
        throw ValueError("unknown action '" + a + "'");
    }
}

} // namespace

std::string TranscriptLine::format() const
{
    char head[64];
    std::snprintf(head, sizeof head, "%7.3f s  ", seconds);
    std::string s = head;
    s += "[" + who + (pid ? " " + std::to_string(pid) : std::string()) + "]  ";
    if (kind == Kind::Step)
        s += "step " + std::to_string(step) + " (py " + std::to_string(py_line) + " / cpp " + std::to_string(cpp_line) +
             "): ";
    else if (kind == Kind::Error)
        s += "error: ";
    return s + text;
}

std::string LessonTranscript::text() const
{
    std::string out;
    for (const auto& l : lines)
        out += l.format() + "\n";
    return out;
}

std::vector<const TranscriptLine*> LessonTranscript::find(const std::string& needle) const
{
    std::vector<const TranscriptLine*> out;
    for (const auto& l : lines)
        if (l.text.find(needle) != std::string::npos)
            out.push_back(&l);
    return out;
}

struct LessonRunner::Impl {
    Lesson lesson;
    LessonRunOptions options;
    std::optional<Process> main;
    std::optional<Semaphore> gate;
    std::optional<Session> own_session;
    int chan[2] = {-1, -1};
    int raw[2] = {-1, -1};
    std::thread reader;
    std::atomic<bool> stop_reading{false};
    std::mutex mutex;
    std::vector<TranscriptLine> lines;
    std::function<void(const TranscriptLine&)> callback;
    std::int64_t start_ns = 0;
    bool finished = false;
    LessonTranscript result;

    void add(TranscriptLine l)
    {
        l.seconds = double(l.t_ns - start_ns) / 1e9;
        if (l.seconds < 0)
            l.seconds = 0;
        if (main && l.pid == main->pid())
            l.who = "main";
        std::lock_guard g(mutex);
        lines.push_back(l);
        if (callback)
            callback(lines.back());
    }

    void parse_record(const std::string& rec)
    {
        // "K t_ns pid step text"
        std::istringstream is(rec);
        char kind = 0;
        TranscriptLine l;
        int step = -1;
        is >> kind >> l.t_ns >> l.pid >> step;
        std::string text;
        std::getline(is, text);
        text = text.empty() ? text : text.substr(1);
        const auto tab = text.find('\t');
        l.who = tab == std::string::npos ? "process" : text.substr(0, tab);
        l.text = tab == std::string::npos ? text : text.substr(tab + 1);
        l.kind = kind == 'S'   ? TranscriptLine::Kind::Step
                 : kind == 'E' ? TranscriptLine::Kind::Error
                 : kind == 'I' ? TranscriptLine::Kind::Info
                               : TranscriptLine::Kind::Output;
        if (kind == 'S' && step >= 1 && std::size_t(step) <= lesson.steps.size()) {
            l.step = step;
            l.py_line = lesson.steps[std::size_t(step - 1)].py_line;
            l.cpp_line = lesson.steps[std::size_t(step - 1)].cpp_line;
        }
        add(std::move(l));
    }

    void read_loop()
    {
        std::string buf[2];
        bool open[2] = {true, true};
        const int fds[2] = {chan[0], raw[0]};
        std::int64_t drain_deadline = 0;
        while (open[0] || open[1]) {
            if (stop_reading.load()) {
                if (!drain_deadline)
                    drain_deadline = now_ns() + 2'000'000'000; // writers that outlive main: 2 s
                else if (now_ns() > drain_deadline)
                    break;
            }
            pollfd p[2] = {{fds[0], short(open[0] ? POLLIN : 0), 0}, {fds[1], short(open[1] ? POLLIN : 0), 0}};
            if (::poll(p, 2, 50) <= 0)
                continue;
            for (int i = 0; i < 2; ++i) {
                if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
                    continue;
                char tmp[4096];
                const ssize_t n = ::read(fds[i], tmp, sizeof tmp);
                if (n <= 0) {
                    open[i] = false;
                    continue;
                }
                buf[i].append(tmp, std::size_t(n));
                std::size_t nl;
                while ((nl = buf[i].find('\n')) != std::string::npos) {
                    std::string line = buf[i].substr(0, nl);
                    buf[i].erase(0, nl + 1);
                    if (i == 0) {
                        parse_record(line);
                    } else {
                        TranscriptLine l;
                        l.t_ns = now_ns();
                        l.who = "stdout/stderr";
                        l.text = line;
                        add(std::move(l));
                    }
                }
            }
        }
    }

    void close_fds()
    {
        for (int* fd : {&chan[0], &chan[1], &raw[0], &raw[1]})
            if (*fd >= 0) {
                ::close(*fd);
                *fd = -1;
            }
    }

    /// The lesson main program (in the forked child).
    void run_main()
    {
        ::close(chan[0]);
        ::close(raw[0]);
        ::dup2(raw[1], 1);
        ::dup2(raw[1], 2);
        ::close(raw[1]);
        lessons::detail::set_channel(chan[1]);
        lessons::set_speed(options.speed);
        std::optional<Session> session = Session::current();
        Objects objects;
        for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
            const LessonStep& s = lesson.steps[i];
            if (gate)
                gate->acquire();
            objects.step_started_ns.push_back(now_ns());
            emit('S', int(i + 1), s.describe());
            if (session)
                session->mark(std::int64_t(i + 1));
            if (s.action == "exit")
                return; // as the end of the script: daemons are terminated, other children joined
            try {
                execute(s, objects);
            } catch (const std::exception& e) {
                emit('E', int(i + 1), exception_type_name(e) + ": " + e.what());
                if (!s.flag("expect_error"))
                    throw;
            }
        }
    }
};

LessonRunner::LessonRunner(Lesson lesson, LessonRunOptions options)
    : m_impl(std::make_unique<Impl>())
{
    if (!(options.speed > 0))
        throw ValueError("LessonRunner: the speed factor must be positive");
    m_impl->lesson = std::move(lesson);
    m_impl->options = std::move(options);
}

LessonRunner::~LessonRunner()
{
    try {
        if (m_impl->main && !m_impl->finished) {
            stop();
            m_impl->main->join();
        }
    } catch (...) {
    }
    m_impl->stop_reading = true;
    if (m_impl->reader.joinable())
        m_impl->reader.join();
    m_impl->close_fds();
    if (m_impl->own_session)
        Session::detach();
}

void LessonRunner::on_line(std::function<void(const TranscriptLine&)> callback)
{
    m_impl->callback = std::move(callback);
}

void LessonRunner::start()
{
    Impl& d = *m_impl;
    if (d.main)
        throw ProcessError("LessonRunner: start() called twice");
    if (const std::string why = d.lesson.unavailable_reason(); !why.empty())
        throw LessonUnavailable("lesson " + d.lesson.id + " cannot run: " + why);
    if (!Session::current())
        d.own_session =
            Session::create("lesson-" + std::to_string(::getpid()) + "-" + std::to_string(now_ns() % 1000000));
    if (::pipe2(d.chan, O_CLOEXEC) != 0 || ::pipe2(d.raw, O_CLOEXEC) != 0)
        throw Error("LessonRunner: cannot create pipes");
    if (d.options.step_mode)
        d.gate.emplace(0);
    Impl* self = &d;
    d.main.emplace([self] { self->run_main(); });
    d.main->set_name("lesson-main");
    d.main->set_start_method(StartMethod::Fork);
    d.start_ns = now_ns();
    d.main->start();
    ::close(d.chan[1]);
    ::close(d.raw[1]);
    d.chan[1] = d.raw[1] = -1;
    d.reader = std::thread([self] { self->read_loop(); });
}

void LessonRunner::step()
{
    if (m_impl->gate)
        m_impl->gate->release();
}

namespace {
/// `pid` and its descendants, parents before children (from /proc/<pid>/task/*/children).
std::vector<pid_t> tree_of(pid_t pid)
{
    std::vector<pid_t> out = {pid};
    for (std::size_t i = 0; i < out.size(); ++i) {
        std::error_code ec;
        const std::string dir = "/proc/" + std::to_string(out[i]) + "/task";
        for (const auto& task : std::filesystem::directory_iterator(dir, ec)) {
            std::ifstream in(task.path() / "children");
            for (pid_t c; in >> c;)
                out.push_back(c);
        }
    }
    return out;
}
} // namespace

void LessonRunner::pause()
{
    if (!m_impl->main || !m_impl->main->is_alive())
        return;
    // Parents first: a stopped parent cannot start a child we would miss. Twice, for children
    // started between the listing and the stop.
    for (int round = 0; round < 2; ++round)
        for (pid_t p : tree_of(m_impl->main->pid()))
            ::kill(p, SIGSTOP);
}

void LessonRunner::resume()
{
    if (!m_impl->main || !m_impl->main->is_alive())
        return;
    const std::vector<pid_t> tree = tree_of(m_impl->main->pid());
    for (auto it = tree.rbegin(); it != tree.rend(); ++it)
        ::kill(*it, SIGCONT);
}

void LessonRunner::stop()
{
    if (m_impl->main && m_impl->main->is_alive())
        m_impl->main->kill_tree(SIGKILL);
}

bool LessonRunner::running()
{
    return m_impl->main && m_impl->main->is_alive();
}

pid_t LessonRunner::main_pid() const
{
    return m_impl->main ? m_impl->main->pid() : 0;
}

LessonTranscript LessonRunner::wait(std::optional<std::chrono::milliseconds> timeout)
{
    Impl& d = *m_impl;
    if (!d.main)
        throw ProcessError("LessonRunner: wait() before start()");
    if (d.finished)
        return d.result;
    if (timeout) {
        if (!d.main->join(*timeout)) {
            stop();
            d.main->join();
            d.stop_reading = true;
            d.reader.join();
            d.finished = true;
            throw TimeoutError("lesson " + d.lesson.id + " did not end within the timeout (killed)");
        }
    } else {
        d.main->join();
    }
    const std::int64_t end_ns = now_ns();
    d.stop_reading = true;
    d.reader.join();
    d.finished = true;

    // Exits of the lesson's processes, from the session (daemons killed at the end included).
    if (auto session = Session::current()) {
        const Snapshot snap = session->snapshot(false);
        std::set<pid_t> ours = {d.main->pid()};
        for (bool grew = true; grew;) {
            grew = false;
            for (const auto& p : snap.processes)
                if (ours.count(p.ppid) && p.start_ns >= d.start_ns && !ours.count(p.pid))
                    grew = ours.insert(p.pid).second || grew;
        }
        std::set<pid_t> seen;
        for (const auto& e : session->events(0).events) {
            const auto pid = pid_t(e.arg2);
            if (e.kind != EventKind::ProcessExit || e.t_ns < d.start_ns || !ours.count(pid) || pid == d.main->pid() ||
                !seen.insert(pid).second)
                continue;
            const ProcessRecord* r = snap.process(pid);
            TranscriptLine l;
            l.kind = TranscriptLine::Kind::Exit;
            l.t_ns = e.t_ns;
            l.pid = pid;
            l.who = r ? r->name : "process";
            l.text = "ended, exitcode " + describe_exitcode(int(e.arg));
            d.add(l);
        }
    }
    TranscriptLine l;
    l.kind = TranscriptLine::Kind::Exit;
    l.t_ns = end_ns;
    l.pid = d.main->pid();
    l.text = "the main program ended, exitcode " + exit_text(d.main->exitcode());
    d.add(l);

    std::lock_guard g(d.mutex);
    d.result.lines = d.lines;
    std::stable_sort(d.result.lines.begin(), d.result.lines.end(),
                     [](const TranscriptLine& a, const TranscriptLine& b) { return a.t_ns < b.t_ns; });
    d.result.main_exitcode = d.main->exitcode();
    d.result.seconds = double(end_ns - d.start_ns) / 1e9;
    d.close_fds();
    return d.result;
}

} // namespace proclab
