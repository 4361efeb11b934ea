#pragma once
// What a test may leave behind, seen from outside: the process table (/proc) and /dev/shm.
// Used by LeakCheckedTest (leak_check_fixture.h) after every test, and by tests that look at the
// process table themselves. Compiled once into proclab_test_support.

#include <QString>
#include <QStringList>

#include <sys/types.h>

#include <set>
#include <string>
#include <vector>

namespace ptest {

// ---------------------------------------------------------------------------------------------
// The process table.

/// Direct children of `pid` (all its threads), alive or zombie, from /proc/<pid>/task/*/children.
std::vector<pid_t> children_of(pid_t pid);

/// State letter of /proc/<pid>/stat ('R', 'S', 'Z', …), 0 when there is no such process.
char proc_state(pid_t pid);

/// True when no process (not even a zombie: a zombie is a leak) has this pid.
bool pid_gone(pid_t pid);

/// pid_gone() after giving the library a chance to reap adopted orphans (it reaps lazily in its
/// calls, this process being a child subreaper). Use inside QTRY_*.
bool pid_gone_reaping(pid_t pid);

/// "<pid> (<state>, <comm>)".
QString describe_pid(pid_t pid);

/// True for a live fork server ("proclab-fsrv"): a long-lived child that is not a leak.
bool is_forkserver(pid_t pid);

/// True for a tracker ("proclab-tracker", see proclab/debris.h), alive or zombie. A tracker is an
/// orphan from its start: the trackers of the programs a test runs are this process's children.
bool is_tracker(pid_t pid);

/// The pid of the program that `tracker` watches (0: unknown).
pid_t tracker_watches(pid_t tracker);

/// The processes a test answers for: the children of this process (alive or zombie) except its
/// fork servers, and the fork servers' children (their workers). A tracker counts once the
/// program it watches is gone, until it has ended (within seconds); its zombie is reaped here.
std::set<pid_t> watched_processes();

/// The watched processes that are not in `before` (taken when the test began), and every zombie
/// child (a child nobody reaped is a leak however old). Empty when clean.
QString leftover_processes(const std::set<pid_t>& before = {});

/// Kills what leftover_processes(`before`) finds and waits up to 5 s for it to be reaped, so that
/// one failed check neither hangs nor poisons the following tests.
void kill_leftover_processes(const std::set<pid_t>& before = {});

// ---------------------------------------------------------------------------------------------
// /dev/shm.

/// Entries of /dev/shm.
std::set<std::string> dev_shm_entries();

/// ProcLab's /dev/shm objects created since `before` that are leaked: held by no process (every
/// holder keeps a shared flock on its object) or still open or mapped in this process. Objects
/// that other processes hold are not ours to judge: tests of other executables may run meanwhile.
/// Only what stays leaked for two seconds counts: an object that another test process is creating,
/// or that its last user is removing, is held by nobody for a moment.
QStringList new_shm_objects(const std::set<std::string>& before);

/// Entries of /dev/shm created since `before` whose name contains `part` (a name of this process:
/// see LeakCheckedTest::namePrefix()).
QStringList new_shm_entries_containing(const std::string& part, const std::set<std::string>& before);

} // namespace ptest
