#pragma once
// Private: monitor hooks for the Python bridge (python/): the figures an object without a segment
// of its own pushes into the registry, read back and relabelled by their writers, and the
// registry's page tables filled ahead of a busy process's writes; and for the core's own start():
// a child's record with the process that forked it.

#include <proclab/session.h>

#include <cstdint>
#include <string_view>

namespace proclab::detail::monitor {

/// A pushed counter's current value (registry_layout.h's Counter; 0 when detached or out of range).
std::int64_t counter(ObjectId id, unsigned counter) noexcept;
/// Adds `delta` to a pushed counter and returns its value before (0 when detached or out of range).
std::int64_t fetch_add_counter(ObjectId id, unsigned counter, std::int64_t delta) noexcept;
/// The capacity the object was registered with (0 when detached or out of range).
std::uint64_t capacity(ObjectId id) noexcept;
/// Replaces the label of a registered object.
void set_label(ObjectId id, std::string_view label) noexcept;

/// Fills this process's page tables for the whole registry mapping at once (MADV_POPULATE_WRITE;
/// nothing on kernels without it). A process that records many events otherwise takes a page
/// fault for every 64 events of the ring it writes into: microseconds each in a virtual machine.
void prefault() noexcept;

/// child_started() when another process forked the child (`forker`: the fork server for its
/// workers): the kernel's parent is recorded at start, before any sample, unless the child has
/// already recorded its own.
void child_started(pid_t pid, std::string_view name, ProcessKind kind, bool daemon, pid_t forker) noexcept;

} // namespace proclab::detail::monitor
