#pragma once
// The Python bridge (python/ in the source tree): a sitecustomize.py and the proclab_watch package
// that show an unmodified Python multiprocessing program live in a session.

#include <optional>
#include <string>
#include <vector>

namespace proclab {

/// The directory to put on PYTHONPATH (it holds sitecustomize.py and proclab_watch/):
/// $PROCLAB_PYTHON_BRIDGE, else found beside the running program (build tree or install tree).
/// nullopt when the bridge was not built or installed.
std::optional<std::string> python_bridge_dir();

/// The environment ("NAME=value" strings) for a Python interpreter watched in `session`: this
/// process's environment with PROCLAB_SESSION set and `bridge_dir` first on PYTHONPATH; with a
/// non-empty `start_method` (fork, spawn, forkserver) multiprocessing's default context uses it.
/// ValueError names a start method that is none of these.
std::vector<std::string> python_bridge_environment(const std::string& session, const std::string& bridge_dir,
                                                   const std::string& start_method = {});

} // namespace proclab
