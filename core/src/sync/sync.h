#pragma once
// Private helpers of the synchronization and shared-data objects: segment names, the checked
// state of an opened object, and the typed view of a state for session snapshots.

#include <proclab/detail/segment.h>
#include <proclab/detail/sync_common.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <sys/types.h>

namespace proclab::detail {
/// The kind part of a segment name "proclab-<uid>-<kind>-<hex>" ("" if it has none).
std::string kind_of(const std::string& segment_name);
/// The data of `segment`, an object of `kind` ("event", ...) whose state takes `size` bytes.
/// Throws Error "cannot open <kind> '<name>': it is too small" when the segment is smaller.
void* sized_data(const Segment& segment, std::size_t size, const char* kind);
/// One futex wait on `word` while it holds `expected`, counted in `waiters` for the wakers and
/// shown in the session as blocked on `op`. Returns false when the deadline passed.
bool counted_wait(std::atomic<std::uint32_t>& word, std::uint32_t expected, std::atomic<std::uint32_t>& waiters,
                  WaitOp op, const std::optional<timespec>& deadline);
/// The pid holding the lock in `s` (0 when free), for session snapshots.
pid_t lock_owner_pid(const LockState& s) noexcept;
/// `data` as a State for a session snapshot; nullptr when `size` bytes cannot hold one.
template <class State>
const State* peek_as(const void* data, std::size_t size) noexcept
{
    return size < sizeof(State) ? nullptr : static_cast<const State*>(data);
}
} // namespace proclab::detail
