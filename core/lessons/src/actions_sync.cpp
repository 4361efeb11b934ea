// Lesson actions on locks, conditions, barriers and shared values, and the script's own steps:
// print, sleep and exit (see lesson_actions.h).
#include "lesson_actions.h"

#include <proclab/clock.h>
#include <proclab/lessons/lesson_tasks.h>

#include <cstdio>
#include <cstdlib>

namespace proclab::lessons::detail {

namespace {

void run_lock(Objects& o, const LessonStep& s)
{
    o.locks.emplace(s.str("id"), Lock());
}

void run_value(Objects& o, const LessonStep& s)
{
    o.values.emplace(s.str("id"), Value<long long>(s.integer("initial", 0)));
}

void run_condition(Objects& o, const LessonStep& s)
{
    o.conditions.emplace(s.str("id"), Condition());
}

void check_barrier(const LessonStep& s, StepChecker& c)
{
    if (s.integer("parties") < 1)
        c.fail("parties", "'parties' must be at least 1, not " + std::to_string(s.integer("parties")));
}

void run_barrier(Objects& o, const LessonStep& s)
{
    o.barriers.emplace(s.str("id"), Barrier(int(s.integer("parties"))));
}

std::string describe_abort(const LessonStep& s)
{
    return s.action + " " + s.str("barrier");
}

/// barrier.abort(): the barrier is broken; who waits in it, or waits later, gets BrokenBarrierError.
void run_abort(Objects& o, const LessonStep& s)
{
    o.barriers.at(s.str("barrier")).abort();
    emit('I', -1, s.str("barrier") + ".abort(): broken; every wait() on it, now or later, raises BrokenBarrierError");
}

std::string describe_acquire(const LessonStep& s)
{
    return s.action + " " + s.str("lock") + " (timeout " + to_string(s.fields.at("timeout")) + " s)";
}

/// lock.acquire(timeout=T): Python's answer is True or False. A ProcLab lock whose holder died is
/// taken over (previous_owner_died()); the step releases it again so that the lesson ends clean.
void run_acquire(Objects& o, const LessonStep& s)
{
    Lock& l = o.locks.at(s.str("lock"));
    const std::string call = s.str("lock") + ".acquire(timeout=" + to_string(s.fields.at("timeout")) + ")";
    if (!l.acquire(scaled_ms(s.number("timeout")))) {
        emit('I', -1, call + " = False: still held");
        return;
    }
    emit('I', -1,
         call + " = True" +
             (l.previous_owner_died() ? "; its holder died holding it (previous_owner_died), taken over" : ""));
    l.release();
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
            std::snprintf(buf, sizeof buf, "%.1f", double(now_ns() - o.step_started_ns[n - 1]) / 1e9 * speed());
        text.replace(at, end - at + 1, buf);
    }
    return text;
}

std::string describe_print(const LessonStep& s)
{
    if (s.has("value") && !s.has("text"))
        return s.action + " " + s.str("value") + ".value";
    return s.action + " \"" + s.str("text") + "\"";
}

void check_print(const LessonStep& s, StepChecker& c)
{
    if (!s.has("text") && !s.has("value"))
        c.fail("", "'print' needs 'text' or 'value'");
    const std::string text = s.str("text");
    for (std::size_t at = 0; (at = text.find("{since:", at)) != std::string::npos; ++at) {
        const long n = std::atol(text.c_str() + at + 7);
        if (n < 1 || n > c.index())
            c.fail("text", "{since:" + std::to_string(n) + "} must name this or an earlier step");
    }
}

void run_print(Objects& o, const LessonStep& s)
{
    if (s.has("value"))
        emit('O', -1, s.str("value") + ".value = " + std::to_string(o.values.at(s.str("value")).load()));
    else
        emit('O', -1, expand(s.str("text"), o));
}

std::string describe_sleep(const LessonStep& s)
{
    return s.action + " " + to_string(s.fields.at("seconds")) + " s";
}

void run_sleep(Objects&, const LessonStep& s)
{
    sleep_scaled(s.number("seconds"));
}

} // namespace

std::vector<ActionEntry> sync_actions()
{
    return {
        {.name = "lock", .fields = {declares("id", "lock")}, .execute = run_lock},
        {.name = "acquire",
         .fields = {names("lock", "lock"), need("timeout", N)},
         .describe = describe_acquire,
         .execute = run_acquire},
        {.name = "condition", .fields = {declares("id", "condition")}, .execute = run_condition},
        {.name = "barrier",
         .fields = {declares("id", "barrier"), need("parties", I)},
         .check = check_barrier,
         .execute = run_barrier},
        {.name = "abort", .fields = {names("barrier", "barrier")}, .describe = describe_abort, .execute = run_abort},
        {.name = "value", .fields = {declares("id", "value"), may("initial", I)}, .execute = run_value},
        {.name = "print",
         .fields = {may("text", S), names("value", "value", false)},
         .describe = describe_print,
         .check = check_print,
         .execute = run_print},
        {.name = "sleep", .fields = {need("seconds", N)}, .describe = describe_sleep, .execute = run_sleep},
        // No execute: as the end of the script (daemons are terminated, other children joined).
        {.name = "exit", .fields = {}},
    };
}

} // namespace proclab::lessons::detail
