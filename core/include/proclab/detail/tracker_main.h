#pragma once
// Internal: the main() of "proclab-tracker", the program that ProcLab programs start to remove
// their shared objects after they end (see proclab/debris.h). Not an API.

namespace proclab::detail {

/// proclab-tracker WATCHED_PID WATCHED_STARTTIME, with the watched program's pidfd as fd 3 and
/// the socket it reports its objects on as fd 4. Returns the exit code.
int tracker_main(int argc, char** argv) noexcept;

} // namespace proclab::detail
