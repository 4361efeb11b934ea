#pragma once
// proclab-cli, the terminal front end of the session registry (app/proclab_cli_main.cpp calls it):
//
//   proclab-cli sessions                          live sessions of this user
//   proclab-cli top [SESSION] [--once] [--interval SECONDS]
//                                                 a live table like top; --once prints one snapshot
//   proclab-cli trace SESSION -o FILE.json [--csv FILE.csv]
//                                                 Chrome trace JSON (Perfetto) and the process table
//   proclab-cli lessons                           the lessons found (see proclab/lesson.h)
//   proclab-cli run LESSON [--speed X] [--lang en|zh_CN]
//                                                 runs a lesson headless, prints its transcript
//
// SESSION defaults to $PROCLAB_SESSION, else the only live session. Bad arguments print the usage
// on `err` and return 2; a runtime failure (no such session, unwritable file) returns 1.

#include <iosfwd>

namespace proclab {

int cli_main(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

struct Snapshot;
/// The process and object tables that `proclab-cli top` shows for one snapshot.
void print_snapshot(const Snapshot& snap, std::ostream& out);

} // namespace proclab
