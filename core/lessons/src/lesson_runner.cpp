// LessonRunner: the lesson main program (each step gated, then run by its entry in the action
// table, lesson_actions.h), its output channel and the transcript (see proclab/lesson_runner.h).
#include <proclab/clock.h>
#include <proclab/detail/monitor.h>
#include <proclab/lessons/lesson_runner.h>
#include <proclab/lessons/lesson_tasks.h>
#include <proclab/semaphore.h>
#include <proclab/session.h>

#include "lesson_actions.h"
#include "lesson_exec.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
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
using lessons::detail::exit_text;
using lessons::detail::Objects;

/// Runs one step in the lesson main program; false when the step ends it (exit).
bool execute(const LessonStep& s, Objects& o)
{
    const lessons::detail::ActionEntry* entry = lessons::detail::find_action(s.action);
    if (!entry)
        throw ValueError("unknown action '" + s.action + "'");
    if (!entry->execute)
        return false;
    entry->execute(o, s);
    return true;
}

/// The shared object a step declared as `id`, by its shared-memory name ("" when it has none).
std::string shared_name(const Objects& o, const std::string& id)
{
    if (const auto l = o.locks.find(id); l != o.locks.end())
        return l->second.name();
    if (const auto v = o.values.find(id); v != o.values.end())
        return v->second.name();
    if (const auto q = o.queues.find(id); q != o.queues.end())
        return q->second.name();
    if (const auto c = o.conditions.find(id); c != o.conditions.end())
        return c->second.name();
    if (const auto b = o.barriers.find(id); b != o.barriers.end())
        return b->second.name();
    return {};
}

/// Tells the runner the registry id of each object step `s` made ("N" records: "a = 17"), so that
/// scheduler mode can name the task argument a held process is at.
void announce_objects(const LessonStep& s, const Objects& o)
{
    if (!s.has("id") || lessons::detail::channel() < 0 || !detail::monitor::attached())
        return;
    const std::string id = s.str("id");
    const std::string name = shared_name(o, id);
    if (name.empty())
        return;
    if (const ObjectId object = detail::monitor::find_object(name); object != kNoObject)
        emit('N', -1, id + " = " + std::to_string(object));
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
    else if (kind == Kind::Object)
        s += "object ";
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
    std::condition_variable handled;  // the reader handled what it read (see sync())
    std::atomic<bool> reading{false}; // the reader is between a poll() that saw data and its handling
    std::vector<TranscriptLine> lines;
    std::map<ObjectId, std::string> objects;
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
                 : kind == 'N' ? TranscriptLine::Kind::Object
                               : TranscriptLine::Kind::Output;
        if (l.kind == TranscriptLine::Kind::Object) { // "a = 17"
            const auto eq = l.text.find(" = ");
            if (eq == std::string::npos)
                return;
            l.seconds = std::max(0.0, double(l.t_ns - start_ns) / 1e9);
            l.who = "main";
            std::lock_guard g(mutex);
            objects[ObjectId(std::strtoul(l.text.c_str() + eq + 3, nullptr, 10))] = l.text.substr(0, eq);
            if (callback)
                callback(l);
            return;
        }
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
            reading = true;
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
            {
                std::lock_guard g(mutex);
                reading = false;
            }
            handled.notify_all();
        }
    }

    /// Nothing written to the channel is left to read or being handled (the caller holds `mutex`).
    bool drained() const
    {
        int pending = 0;
        if (chan[0] >= 0 && ::ioctl(chan[0], FIONREAD, &pending) != 0)
            pending = 0;
        return pending == 0 && !reading.load(); // in this order: a read that emptied the pipe is seen
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
        struct EndMpi { // after the objects (their pools) are gone
            ~EndMpi()
            {
                try {
                    lessons::detail::end_mpi();
                } catch (const std::exception& e) {
                    emit('E', -1, std::string("MPI: ") + e.what());
                }
            }
        } end_mpi;
        Objects objects;
        for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
            const LessonStep& s = lesson.steps[i];
            if (gate) {
                // Shown waiting (acquire), on no object: the gate is the runner's, not listed.
                detail::monitor::Blocked waiting(kNoObject, WaitOp::Acquire);
                gate->acquire();
            }
            objects.step_started_ns.push_back(now_ns());
            if (session) // before the transcript line: whoever reads the line finds the mark
                session->mark(std::int64_t(i + 1));
            emit('S', int(i + 1), s.describe());
            try {
                if (!execute(s, objects))
                    return; // exit: as the end of the script, daemons are terminated, other children joined
                announce_objects(s, objects);
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
    if (d.options.step_mode) {
        // The runner's own: not one of the lesson's objects, so not in the session's channels.
        // If this process is killed, its tracker removes it (no live session lists it).
        detail::monitor::Unlisted unlisted;
        d.gate.emplace(0);
    }
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
    std::for_each(tree.rbegin(), tree.rend(), [](pid_t pid) { ::kill(pid, SIGCONT); });
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

std::map<ObjectId, std::string> LessonRunner::objects() const
{
    std::lock_guard g(m_impl->mutex);
    return m_impl->objects;
}

bool LessonRunner::sync(std::chrono::milliseconds timeout) const
{
    Impl& d = *m_impl;
    std::unique_lock g(d.mutex);
    return d.handled.wait_for(g, timeout, [&d] { return d.drained(); });
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
                if (ours.contains(p.ppid) && p.start_ns >= d.start_ns && !ours.contains(p.pid))
                    grew = ours.insert(p.pid).second || grew;
        }
        std::set<pid_t> seen;
        for (const auto& e : session->events(0).events) {
            const auto pid = pid_t(e.arg2);
            if (e.kind != EventKind::ProcessExit || e.t_ns < d.start_ns || !ours.contains(pid) ||
                pid == d.main->pid() || !seen.insert(pid).second)
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
