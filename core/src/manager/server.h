#pragma once
// Private: the Manager's server process.

#include <proclab/manager.h>

#include <map>
#include <string>
#include <sys/types.h>

namespace proclab::detail::manager {

struct ServerConfig {
    int listen_fd = -1;
    std::string authkey;
    Address address;
    std::string made_dir; ///< private directory of a generated socket path (removed at the end)
    std::map<std::string, TypeEntry, std::less<>> types;
    pid_t owner = 0; ///< the process that started us: its death ends the server
};

/// Serves until a Shutdown request, SIGTERM or the owner's death; removes the socket file (and its
/// private directory) and exits the process. Never returns.
[[noreturn]] void run_server(const ServerConfig& config);

} // namespace proclab::detail::manager
