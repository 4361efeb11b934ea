// Lesson actions on managers (their server process, queue and lock proxies) and pools (apply,
// starmap, map, imap and their results) (see lesson_actions.h).
#include "lesson_actions.h"

#include <proclab/session.h>

#if PROCLAB_LESSONS_MPI
#include <proclab/mpi.h>
#endif

namespace proclab::lessons::detail {

namespace {

#if PROCLAB_LESSONS_MPI
bool g_mpi_used = false; // a pool of this lesson main ran on MPI ranks
#endif

void run_manager(Objects& o, const LessonStep& s)
{
    auto m = std::make_unique<Manager>();
    emit('I', -1,
         "manager " + s.str("id") + ": server process pid " + std::to_string(m->pid()) + " at " +
             m->address().to_string());
    o.managers[s.str("id")] = std::move(m);
}

std::string describe_manager_queue(const LessonStep& s)
{
    return s.action + " " + s.str("id") + " = " + s.str("manager") + ".Queue()";
}

void run_manager_queue(Objects& o, const LessonStep& s)
{
    o.manager_queues.insert_or_assign(s.str("id"), o.managers.at(s.str("manager"))->Queue<std::string>());
    emit('I', -1, s.str("id") + " = " + s.str("manager") + ".Queue(): a proxy to a queue in the manager process");
}

std::string describe_manager_lock(const LessonStep& s)
{
    return s.action + " " + s.str("id") + " = " + s.str("manager") + ".Lock()";
}

void run_manager_lock(Objects& o, const LessonStep& s)
{
    o.manager_locks.insert_or_assign(s.str("id"), o.managers.at(s.str("manager"))->Lock());
    emit('I', -1, s.str("id") + " = " + s.str("manager") + ".Lock(): a proxy to a lock in the manager process");
}

void run_pool(Objects& o, const LessonStep& s)
{
    PoolOptions opts;
    if (s.has("processes"))
        opts.processes = int(s.integer("processes"));
    opts.maxtasksperchild = s.integer("maxtasksperchild", 0);
    const std::string backend = s.str("backend", "local");
    if (backend == "mpi") {
#if PROCLAB_LESSONS_MPI
        opts.backend = proclab::mpi::backend; // workers spawned as MPI ranks (MPI_Comm_spawn)
        g_mpi_used = true;
#else
        throw ProcessError("pool " + s.str("id") + ": this build has no MPI (proclab::mpi)");
#endif
    } else if (backend != "local") {
        throw ValueError("pool " + s.str("id") + ": backend '" + backend + "' is neither local nor mpi");
    }
    auto pool = std::make_unique<Pool>(opts);
    std::string pids;
    for (pid_t p : pool->worker_pids())
        pids += (pids.empty() ? "" : ", ") + std::to_string(p);
    emit('I', -1,
         "pool " + s.str("id") + ": " + std::to_string(pool->processes()) +
             (backend == "mpi" ? " MPI ranks" : " workers") + " [" + pids + "]");
    o.pools[s.str("id")] = std::move(pool);
}

Pool& pool_of(Objects& o, const LessonStep& s)
{
    return *o.pools.at(s.str("pool"));
}

/// "apply p.task(1, 2) -> r": the pool, the task, `call` (its arguments), chunksize and id.
std::string describe_call(const LessonStep& s, const std::string& call)
{
    std::string d = s.action + " " + s.str("pool") + "." + s.str("task") + call;
    if (s.has("chunksize"))
        d += " chunksize=" + s.str("chunksize");
    if (s.has("id"))
        d += " -> " + s.str("id");
    return d;
}

std::string describe_apply(const LessonStep& s)
{
    return describe_call(s, args_text(s.args));
}

std::string describe_map(const LessonStep& s)
{
    return describe_call(s, "(" + s.str("xs") + ")");
}

void run_apply(Objects& o, const LessonStep& s)
{
    std::string args;
    for (const auto& v : s.args)
        args += ", " + raw_text(v);
    const int r = pool_apply(pool_of(o, s), s.str("task"), s.args, o);
    emit('I', -1, "apply(" + s.str("task") + args + ") = " + std::to_string(r));
}

std::string describe_starmap(const LessonStep& s)
{
    std::string d = s.action + " " + s.str("pool") + "." + s.str("task") + "(";
    for (std::size_t i = 0; i < s.items.size(); ++i) {
        d += i ? ", (" : "(";
        for (std::size_t k = 0; k < s.items[i].size(); ++k)
            d += (k ? ", " : "") + raw_text(s.items[i][k]);
        d += ")";
    }
    return d + ")";
}

void run_starmap(Objects& o, const LessonStep& s)
{
    emit('I', -1, "starmap = " + join_list(pool_starmap(pool_of(o, s), s.str("task"), s.items, o)));
}

void run_apply_async(Objects& o, const LessonStep& s)
{
    const int x = int(std::get<long long>(s.args.at(0)));
    const std::string call = s.str("task") + "(" + std::to_string(x) + ")";
    auto r = pool_of(o, s).apply_async(
        pool_function(s.str("task")), x,
        [call](const int& v) { emit('I', -1, "callback: " + call + " = " + std::to_string(v)); },
        [call](const std::exception& e) {
            emit('E', -1, "error_callback: " + call + " failed: " + exception_type_name(e) + ": " + e.what());
        });
    o.results.insert_or_assign(s.str("id"), std::move(r));
}

/// The step's "xs" as the items of a map.
std::vector<int> items_of(const LessonStep& s)
{
    const auto& xs = std::get<std::vector<long long>>(s.fields.at("xs"));
    return {xs.begin(), xs.end()};
}

std::size_t chunksize_of(const LessonStep& s)
{
    return std::size_t(s.integer("chunksize", 0));
}

void run_map(Objects& o, const LessonStep& s)
{
    emit('I', -1, "map = " + join_list(pool_of(o, s).map(pool_function(s.str("task")), items_of(s), chunksize_of(s))));
}

void run_map_async(Objects& o, const LessonStep& s)
{
    o.map_results.insert_or_assign(s.str("id"),
                                   pool_of(o, s).map_async(pool_function(s.str("task")), items_of(s), chunksize_of(s)));
}

void run_imap(Objects& o, const LessonStep& s)
{
    const std::size_t chunk = chunksize_of(s);
    o.iters[s.str("id")] = std::make_unique<IMapIterator<int>>(
        pool_of(o, s).imap(pool_function(s.str("task")), items_of(s), chunk ? chunk : 1));
}

void run_next(Objects& o, const LessonStep& s)
{
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
}

void run_pool_close(Objects& o, const LessonStep& s)
{
    pool_of(o, s).close();
}

void run_pool_terminate(Objects& o, const LessonStep& s)
{
    pool_of(o, s).terminate();
}

void run_pool_join(Objects& o, const LessonStep& s)
{
    pool_of(o, s).join();
}

} // namespace

void end_mpi()
{
#if PROCLAB_LESSONS_MPI
    if (g_mpi_used)
        proclab::mpi::finalize();
#endif
}

std::vector<ActionEntry> pool_actions()
{
    const FieldSpec pool = names("pool", "pool"), task = need("task", S), xs = need("xs", L),
                    chunksize = may("chunksize", I), manager = names("manager", "manager");
    using enum TaskUse;
    return {
        {.name = "manager", .fields = {declares("id", "manager")}, .execute = run_manager},
        {.name = "manager_queue",
         .fields = {declares("id", "manager_queue"), manager},
         .describe = describe_manager_queue,
         .execute = run_manager_queue},
        {.name = "manager_lock",
         .fields = {declares("id", "manager_lock"), manager},
         .describe = describe_manager_lock,
         .execute = run_manager_lock},
        {.name = "pool",
         .fields = {declares("id", "pool"), may("processes", I), may("maxtasksperchild", I), may("backend", S)},
         .execute = run_pool},
        {.name = "apply", .fields = {pool, task}, .task = PoolArgs, .describe = describe_apply, .execute = run_apply},
        {.name = "apply_async",
         .fields = {pool, task, declares("id", "result")},
         .task = PoolIntArg,
         .describe = describe_apply,
         .execute = run_apply_async},
        {.name = "starmap",
         .fields = {pool, task},
         .task = PoolItems,
         .describe = describe_starmap,
         .execute = run_starmap},
        {.name = "map",
         .fields = {pool, task, xs, chunksize},
         .task = PoolInts,
         .describe = describe_map,
         .execute = run_map},
        {.name = "map_async",
         .fields = {pool, task, xs, chunksize, declares("id", "result")},
         .task = PoolInts,
         .describe = describe_map,
         .execute = run_map_async},
        {.name = "imap",
         .fields = {pool, task, xs, chunksize, declares("id", "iter")},
         .task = PoolInts,
         .describe = describe_map,
         .execute = run_imap},
        {.name = "next",
         .fields = {names("iter", "iter"), may("timeout", N), may("until_exhausted", B)},
         .execute = run_next},
        {.name = "pool_close", .fields = {pool}, .execute = run_pool_close},
        {.name = "pool_terminate", .fields = {pool}, .execute = run_pool_terminate},
        {.name = "pool_join", .fields = {pool}, .execute = run_pool_join},
    };
}

} // namespace proclab::lessons::detail
