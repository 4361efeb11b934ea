#pragma once
// Private: what the lesson main program holds (objects by id), how lesson tasks are started, the
// output channel, and the helpers the execute functions of the action table share.
#include <proclab/barrier.h>
#include <proclab/condition.h>
#include <proclab/lessons/lesson.h>
#include <proclab/lock.h>
#include <proclab/manager.h>
#include <proclab/pipe.h>
#include <proclab/pool.h>
#include <proclab/process.h>
#include <proclab/queue.h>
#include <proclab/value.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace proclab::lessons::detail {

/// The objects of a running lesson main program, by the ids its steps gave them.
struct Objects {
    // First: destroyed last, after the pools and proxies that use the managers.
    std::map<std::string, std::unique_ptr<Manager>> managers;
    std::map<std::string, QueueProxy<std::string>> manager_queues;
    std::map<std::string, LockProxy> manager_locks;
    std::map<std::string, std::unique_ptr<Process>> processes;
    std::map<std::string, std::string> process_task;                   ///< a process's lesson task ...
    std::map<std::string, std::vector<LessonValue>> process_args;      ///< ... and its arguments (for "run")
    std::map<std::string, JoinableQueue<std::string>> joinable_queues; ///< also in `queues`
    std::map<std::string, Queue<std::string>> queues;
    std::map<std::string, Lock> locks;
    std::map<std::string, Value<long long>> values;
    std::map<std::string, Condition> conditions;
    std::map<std::string, Barrier> barriers;
    std::map<std::string, std::shared_ptr<Connection<std::string>>> ends;
    std::map<std::string, std::unique_ptr<Pool>> pools;
    std::map<std::string, AsyncResult<int>> results;
    std::map<std::string, AsyncResult<std::vector<int>>> map_results;
    std::map<std::string, std::unique_ptr<IMapIterator<int>>> iters;
    std::map<std::string, long long> variables;
    std::vector<std::int64_t> step_started_ns; ///< CLOCK_MONOTONIC when each step began (index 0: step 1)
};

/// A Process running lesson task `task` with the step's arguments.
Process make_process(const std::string& task, const std::vector<LessonValue>& args, Objects& objects);
/// Calls lesson task `task` with the step's arguments in this process (Python's p.run() or f()).
void call_task(const std::string& task, const std::vector<LessonValue>& args, Objects& objects);
/// The int -> int function of a pool task.
using PoolFn = int (*)(int);
PoolFn pool_function(const std::string& task);
/// Pool tasks with other arguments (queues, locks, manager proxies): run in `pool`, the int results.
int pool_apply(Pool& pool, const std::string& task, const std::vector<LessonValue>& args, Objects& objects);
std::vector<int> pool_starmap(Pool& pool, const std::string& task, const std::vector<std::vector<LessonValue>>& items,
                              Objects& objects);

/// The output channel of this process (-1: stdout) and record writing.
void set_channel(int fd) noexcept;
int channel() noexcept;
/// One record: kind 'O' output, 'S' step (with index), 'E' error, 'I' info.
void emit(char kind, int step, const std::string& text);

/// A lesson duration in seconds as a wall-clock timeout (divided by the speed factor).
std::chrono::milliseconds scaled_ms(double seconds);
/// "True" or "False", as Python prints them.
std::string py_bool(bool b);
/// An exit code as describe_exitcode() writes it, "None" while there is none.
std::string exit_text(const std::optional<int>& rc);
/// "[1, 4, 9]".
std::string join_list(const std::vector<int>& xs);

} // namespace proclab::lessons::detail
