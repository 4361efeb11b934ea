#include <proclab/errors.h>
#include <proclab/python_bridge.h>
#include <proclab/session.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <unistd.h> // environ (_GNU_SOURCE)

namespace proclab {

namespace {

bool is_bridge(const std::filesystem::path& dir)
{
    std::error_code ec;
    return std::filesystem::is_regular_file(dir / "sitecustomize.py", ec) &&
           std::filesystem::is_directory(dir / "proclab_watch", ec);
}

} // namespace

std::optional<std::string> python_bridge_dir()
{
    if (const char* env = std::getenv("PROCLAB_PYTHON_BRIDGE"); env && *env)
        return is_bridge(env) ? std::optional<std::string>(env) : std::nullopt;
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const auto bin = exe.parent_path();
        for (const auto& candidate : {bin.parent_path() / "python",                                       // build tree
                                      bin.parent_path() / PROCLAB_INSTALL_LIBDIR / "proclab" / "python"}) // installed
            if (is_bridge(candidate))
                return candidate.string();
    }
    if (is_bridge(PROCLAB_BUILD_PYTHON_DIR)) // a test or tool elsewhere in the build tree
        return std::string(PROCLAB_BUILD_PYTHON_DIR);
    return std::nullopt;
}

std::vector<std::string> python_bridge_environment(const std::string& session, const std::string& bridge_dir,
                                                   const std::string& start_method)
{
    if (!start_method.empty() && start_method != "fork" && start_method != "spawn" && start_method != "forkserver")
        throw ValueError("start method '" + start_method + "' is none of fork, spawn, forkserver");
    std::vector<std::string> env;
    std::string pythonpath = bridge_dir;
    for (char** e = environ; e && *e; ++e) {
        const std::string entry = *e;
        if (entry.rfind("PYTHONPATH=", 0) == 0) {
            if (entry.size() > 11)
                pythonpath += ":" + entry.substr(11);
        } else if (entry.rfind(std::string(Session::kEnvVar) + "=", 0) != 0 &&
                   entry.rfind("PROCLAB_START_METHOD=", 0) != 0) {
            env.push_back(entry);
        }
    }
    env.push_back("PYTHONPATH=" + pythonpath);
    env.push_back(std::string(Session::kEnvVar) + "=" + session);
    if (!start_method.empty())
        env.push_back("PROCLAB_START_METHOD=" + start_method);
    return env;
}

} // namespace proclab
