#pragma once
// The one clock of ProcLab: every timestamp in the session registry (events, process starts,
// snapshots) and in lesson output is CLOCK_MONOTONIC in nanoseconds.

#include <cstdint>

namespace proclab {

/// CLOCK_MONOTONIC now, in nanoseconds (the clock of Event::t_ns, Snapshot::taken_ns, ...).
std::int64_t now_ns() noexcept;

} // namespace proclab
