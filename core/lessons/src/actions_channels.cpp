// Lesson actions on channels: queues (a ProcLab Queue or a Manager queue's proxy, with the same
// calls) and pipes (see lesson_actions.h).
#include "lesson_actions.h"

namespace proclab::lessons::detail {

namespace {

/// Calls `use` with the queue the step's "queue" names: a Manager queue's proxy or a Queue.
template <typename Use>
void with_queue(Objects& o, const LessonStep& s, Use&& use)
{
    if (auto it = o.manager_queues.find(s.str("queue")); it != o.manager_queues.end())
        use(it->second);
    else
        use(o.queues.at(s.str("queue")));
}

void run_queue(Objects& o, const LessonStep& s)
{
    if (s.flag("joinable")) {
        JoinableQueue<std::string> q(std::ptrdiff_t(s.integer("maxsize", 0)));
        o.queues.emplace(s.str("id"), q);
        o.joinable_queues.emplace(s.str("id"), q);
        return;
    }
    o.queues.emplace(s.str("id"), Queue<std::string>(std::ptrdiff_t(s.integer("maxsize", 0))));
}

void run_queue_join(Objects& o, const LessonStep& s)
{
    const auto it = o.joinable_queues.find(s.str("queue"));
    if (it == o.joinable_queues.end())
        throw ValueError("'" + s.str("queue") + "' is not a JoinableQueue: it has no join()");
    const bool done = s.has("timeout") ? it->second.join(scaled_ms(s.number("timeout"))) : (it->second.join(), true);
    emit('I', -1,
         s.str("queue") + ".join() " +
             (done ? std::string("returned: every item put was task_done()")
                   : "timed out: " + std::to_string(it->second.unfinished_tasks()) + " unfinished"));
}

void put(Objects& o, const LessonStep& s, bool nowait)
{
    with_queue(o, s, [&](auto& q) {
        const std::string v = s.str("value");
        if (nowait)
            q.put_nowait(v);
        else if (s.has("timeout"))
            q.put(v, scaled_ms(s.number("timeout")));
        else
            q.put(v);
        emit('I', -1, "put " + v + " (qsize " + std::to_string(q.qsize()) + ")");
    });
}

void run_put(Objects& o, const LessonStep& s)
{
    put(o, s, false);
}

void run_put_nowait(Objects& o, const LessonStep& s)
{
    put(o, s, true);
}

void check_get(const LessonStep& s, StepChecker& c)
{
    if (s.has("queue") == s.has("result"))
        c.fail("", "'get' needs either 'queue' or 'result'");
    if (s.flag("until_empty") && (s.has("count") || !s.has("queue")))
        c.fail("until_empty", "'until_empty' gets from a 'queue' until it is empty (no 'count')");
    if (s.has("sentinels") && (s.has("count") || s.flag("until_empty") || !s.has("queue")))
        c.fail("sentinels", "'sentinels' gets from a 'queue' until that many None (no 'count')");
}

void get_from_queue(Objects& o, const LessonStep& s)
{
    with_queue(o, s, [&](auto& q) {
        const bool until_empty = s.flag("until_empty");
        const long long sentinels = s.integer("sentinels", 0);
        long long seen = 0; // sentinels (None) so far
        for (long long i = 0, n = s.integer("count", 1); until_empty || sentinels > 0 || i < n; ++i) {
            if (until_empty && q.empty())
                break;
            const std::string v = s.has("timeout") ? q.get(scaled_ms(s.number("timeout"))) : q.get();
            if (sentinels > 0 && v == "None") {
                emit('O', -1,
                     "main: a sentinel (None), " + std::to_string(++seen) + " of " + std::to_string(sentinels) +
                         " producers done");
                if (seen == sentinels)
                    break;
                continue;
            }
            emit('O', -1, "main got " + v);
            if (s.has("into"))
                o.variables[s.str("into")] = std::stoll(v);
        }
    });
}

/// The result of an apply_async or a map_async.
void get_result(Objects& o, const LessonStep& s)
{
    const std::string id = s.str("result");
    if (auto it = o.results.find(id); it != o.results.end()) {
        const int v = s.has("timeout") ? it->second.get(scaled_ms(s.number("timeout"))) : it->second.get();
        emit('I', -1, id + ".get() = " + std::to_string(v));
    } else {
        auto& r = o.map_results.at(id);
        const auto v = s.has("timeout") ? r.get(scaled_ms(s.number("timeout"))) : r.get();
        emit('I', -1, id + ".get() = " + join_list(v));
    }
}

void run_get(Objects& o, const LessonStep& s)
{
    if (s.has("queue"))
        get_from_queue(o, s);
    else
        get_result(o, s);
}

void run_get_nowait(Objects& o, const LessonStep& s)
{
    const std::string id = s.str("queue");
    emit('O', -1,
         "main got " +
             (o.manager_queues.contains(id) ? o.manager_queues.at(id).get_nowait() : o.queues.at(id).get_nowait()));
}

void run_pipe(Objects& o, const LessonStep& s)
{
    auto [x, y] = Pipe<std::string>(s.flag("duplex", true));
    o.ends[s.str("a")] = std::make_shared<Connection<std::string>>(std::move(x));
    o.ends[s.str("b")] = std::make_shared<Connection<std::string>>(std::move(y));
}

void run_send(Objects& o, const LessonStep& s)
{
    o.ends.at(s.str("end"))->send(s.str("value"));
}

void run_recv(Objects& o, const LessonStep& s)
{
    auto& end = *o.ends.at(s.str("end"));
    for (long long i = 0, n = s.integer("count", 1); i < n; ++i) {
        if (s.has("timeout") && !end.poll(scaled_ms(s.number("timeout"))))
            throw TimeoutError("recv: nothing within the timeout");
        emit('O', -1, "main received: " + end.recv());
    }
}

} // namespace

std::vector<ActionEntry> channel_actions()
{
    const FieldSpec queue = names("queue", "queue"), end = names("end", "pipe_end");
    return {
        {.name = "queue",
         .fields = {declares("id", "queue"), may("maxsize", I), may("joinable", B)},
         .execute = run_queue},
        {.name = "queue_join", .fields = {queue, may("timeout", N)}, .execute = run_queue_join},
        {.name = "put", .fields = {queue, need("value", X), may("timeout", N)}, .execute = run_put},
        {.name = "put_nowait", .fields = {queue, need("value", X)}, .execute = run_put_nowait},
        {.name = "get",
         .fields = {names("queue", "queue", false), names("result", "result", false), may("timeout", N),
                    declares("into", "variable", false), may("count", I), may("until_empty", B), may("sentinels", I)},
         .check = check_get,
         .execute = run_get},
        {.name = "get_nowait", .fields = {queue}, .execute = run_get_nowait},
        {.name = "pipe",
         .fields = {declares("a", "pipe_end"), declares("b", "pipe_end"), may("duplex", B)},
         .execute = run_pipe},
        {.name = "send", .fields = {end, need("value", X)}, .execute = run_send},
        {.name = "recv", .fields = {end, may("count", I), may("timeout", N)}, .execute = run_recv},
    };
}

} // namespace proclab::lessons::detail
