// The lesson tasks on a Condition or a Barrier (see lesson_tasks_sync.h). In scheduler mode each
// acquire, wait, notify, release, abort and each read or write of the flag is a point.
#include "lesson_tasks_sync.h"

#include <proclab/errors.h>
#include <proclab/process.h>
#include <proclab/task.h>

#include <algorithm>
#include <mutex>

namespace proclab::lessons {

namespace {

std::string my_name()
{
    return current_process().name;
}

} // namespace

void cond_wait(const Condition& condition, const Value<long long>& flag)
{
    Condition cond = condition;
    std::lock_guard guard(cond);
    say(my_name() + " waits for the notify");
    cond.wait(); // Python: cond.wait() — a notify made before this line woke nobody
    say(my_name() + " goes on, ready = " + std::to_string(flag.load()));
}
PROCLAB_TASK(cond_wait);

void cond_wait_for(const Condition& condition, const Value<long long>& flag)
{
    Condition cond = condition;
    Value<long long> ready = flag;
    std::lock_guard guard(cond);
    say(my_name() + " waits until ready = 1");
    cond.wait_for([&] { return ready.load() == 1; }); // Python: cond.wait_for(lambda: ready.value == 1)
    say(my_name() + " goes on, ready = " + std::to_string(ready.load()));
}
PROCLAB_TASK(cond_wait_for);

void cond_notify(const Condition& condition, const Value<long long>& flag)
{
    Condition cond = condition;
    Value<long long> ready = flag;
    std::lock_guard guard(cond);
    ready.store(1);
    cond.notify(); // wakes a process only if one waits now
    say(my_name() + " set ready = 1 and notified");
}
PROCLAB_TASK(cond_notify);

void barrier_wait(const Barrier& barrier_arg)
{
    Barrier barrier = barrier_arg;
    try {
        barrier.wait();
        say(my_name() + " passed the barrier");
    } catch (const BrokenBarrierError&) {
        say(my_name() + " got BrokenBarrierError");
    }
}
PROCLAB_TASK(barrier_wait);

namespace detail {

std::vector<TaskInfo> sync_task_infos()
{
    using K = ArgKind;
    auto task = [](std::string name, std::vector<ArgKind> params, std::string summary) {
        return TaskInfo{std::move(name), std::move(params), false, false, std::move(summary)};
    };
    return {
        task("cond_wait", {K::Condition, K::Value},
             "with cond: cond.wait() without looking at the flag first (a notify made before is lost)"),
        task("cond_wait_for", {K::Condition, K::Value},
             "with cond: cond.wait_for(flag == 1): checks the flag first, then after each wake-up"),
        task("cond_notify", {K::Condition, K::Value}, "with cond: sets the flag to 1, then cond.notify()"),
        task("barrier_wait", {K::Barrier}, "barrier.wait(), then says it passed or got BrokenBarrierError"),
    };
}

bool is_sync_task(std::string_view task)
{
    const auto infos = sync_task_infos();
    return std::any_of(infos.begin(), infos.end(), [task](const TaskInfo& t) { return t.name == task; });
}

} // namespace detail

} // namespace proclab::lessons
