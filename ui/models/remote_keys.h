#pragma once
// Rows and tracks of the window are keyed by PID; a process relayed from another host (an MPI
// rank: ProcessRecord::remote()) may have the PID of a process of this host. It is keyed apart,
// above every PID of this host, with the same key in every view for the window's life.

#include <string>
#include <sys/types.h>

namespace proclab {
struct ProcessRecord;
struct Snapshot;
} // namespace proclab

namespace RemoteKeys {

constexpr pid_t kBase = pid_t(1) << 30;

/// `pid` itself for a process of this host (`host` ""), else the key of (host, pid).
pid_t key(const std::string& host, pid_t pid);
/// The PID on its host of `key` (the key itself for this host's processes).
pid_t pidOf(pid_t key);
inline bool isRemote(pid_t key)
{
    return key >= kBase;
}
/// The key of `record`'s row: its PID, or its (host, PID) key when it is relayed.
pid_t keyOf(const proclab::ProcessRecord& record);
/// The record of `key` in `snap` (this host's by PID, a relayed one by its key); nullptr if none.
const proclab::ProcessRecord* find(const proclab::Snapshot& snap, pid_t key);

} // namespace RemoteKeys
