#pragma once
// Private: the lesson tasks on a Condition or a Barrier (scheduler-mode lessons: a lost wake-up,
// a barrier short of a party), kept apart from lesson_tasks.cpp, which dispatches to them.
#include "lesson_exec.h"

#include <proclab/lessons/lesson_tasks.h>

#include <string>
#include <string_view>
#include <vector>

namespace proclab::lessons {

/// with cond: cond.wait() — without looking at the flag first (a notify made before is lost).
void cond_wait(const Condition& condition, const Value<long long>& flag);
/// with cond: cond.wait_for(lambda: flag.value == 1) — checks the flag first, then after each wake-up.
void cond_wait_for(const Condition& condition, const Value<long long>& flag);
/// with cond: flag.value = 1; cond.notify().
void cond_notify(const Condition& condition, const Value<long long>& flag);
/// barrier.wait(): says whether the process passed it or got BrokenBarrierError.
void barrier_wait(const Barrier& barrier_arg);

namespace detail {

/// The tasks above, as task_infos() lists them.
std::vector<TaskInfo> sync_task_infos();
bool is_sync_task(std::string_view task);

/// make(f, args...) for a task above with the step's arguments (ids of the lesson's objects).
template <class R, class Make>
R dispatch_sync(const std::string& task, const std::vector<LessonValue>& a, Objects& o, Make make)
{
    auto id = [&](std::size_t i) -> const std::string& { return std::get<std::string>(a.at(i)); };
    if (task == "cond_wait")
        return make(cond_wait, o.conditions.at(id(0)), o.values.at(id(1)));
    if (task == "cond_wait_for")
        return make(cond_wait_for, o.conditions.at(id(0)), o.values.at(id(1)));
    if (task == "cond_notify")
        return make(cond_notify, o.conditions.at(id(0)), o.values.at(id(1)));
    if (task == "barrier_wait")
        return make(barrier_wait, o.barriers.at(id(0)));
    throw ValueError("unknown lesson task '" + task + "'");
}

} // namespace detail

} // namespace proclab::lessons
