#pragma once
// Helpers shared by tst_queue, tst_joinable_queue and tst_simple_queue: which shared-memory
// objects a queue test created and whether any is left, and waiting until a child is blocked.

#include "test_support.h"

#include <proclab/queue.h>

#include <QStringList>

#include <set>
#include <string>

namespace qtest {

/// True when `pid` sleeps in a futex wait (a blocked get/put/join, or the queue's lock).
inline bool blocked_in_futex(pid_t pid)
{
    const std::string sc = ptest::read_file("/proc/" + std::to_string(pid) + "/syscall");
    return sc.rfind("202 ", 0) == 0 && ptest::proc_state(pid) == 'S'; // 202: futex on x86_64
}

/// Names of queues this test created (remembered so that the end check is exact even when other
/// test programs run at the same time).
inline std::set<std::string>& created()
{
    static std::set<std::string> names;
    return names;
}

template <class Q>
Q remember(Q q)
{
    created().insert(q.name());
    return q;
}

/// Objects of created() still in /dev/shm, with their large-message parts ("<name>.m<n>"): checked
/// after each test (LeakCheckedTest::addLeakCheck).
inline QStringList leftover_objects()
{
    QStringList out;
    for (const std::string& entry : ptest::dev_shm_entries()) {
        const std::string base = entry.substr(0, entry.find('.'));
        if (created().count(base))
            out << QString::fromStdString(entry);
    }
    return out;
}

} // namespace qtest
