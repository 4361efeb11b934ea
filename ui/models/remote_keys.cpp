#include "models/remote_keys.h"

#include <proclab/session.h>

#include <map>
#include <mutex>
#include <unordered_map>
#include <utility>

namespace RemoteKeys {

namespace {
std::mutex g_mutex;
std::map<std::pair<std::string, pid_t>, pid_t> g_keys; // (host, pid) -> key
std::unordered_map<pid_t, pid_t> g_pids;               // key -> pid on its host
} // namespace

pid_t key(const std::string& host, pid_t pid)
{
    if (host.empty())
        return pid;
    std::lock_guard lock(g_mutex);
    const auto [it, fresh] = g_keys.try_emplace({host, pid}, kBase + pid_t(g_keys.size()));
    if (fresh)
        g_pids[it->second] = pid;
    return it->second;
}

pid_t pidOf(pid_t key)
{
    if (!isRemote(key))
        return key;
    std::lock_guard lock(g_mutex);
    const auto it = g_pids.find(key);
    return it == g_pids.end() ? key : it->second;
}

pid_t keyOf(const proclab::ProcessRecord& record)
{
    return key(record.host, record.pid);
}

const proclab::ProcessRecord* find(const proclab::Snapshot& snap, pid_t key)
{
    if (!isRemote(key))
        return snap.process(key);
    for (const auto& p : snap.processes)
        if (p.remote() && keyOf(p) == key)
            return &p;
    return nullptr;
}

} // namespace RemoteKeys
