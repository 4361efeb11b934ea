#pragma once
// What htop shows above its table: the load average, each CPU's use, memory and swap, read from
// /proc/loadavg, /proc/stat and /proc/meminfo. The parsers are pure (they take the file's text);
// MachineSampler reads the files and turns two readings of /proc/stat into percentages.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace proclab {

/// One line of /proc/stat ("cpu" or "cpuN"): clock ticks spent in each mode since boot.
struct CpuTimes {
    std::uint64_t user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
    std::uint64_t total() const noexcept { return user + nice + system + idle + iowait + irq + softirq + steal; }
    std::uint64_t idle_all() const noexcept { return idle + iowait; }
};

struct LoadAverage {
    double one = 0, five = 0, fifteen = 0;
    int running = 0; ///< runnable tasks now
    int tasks = 0;   ///< tasks (threads) in all
};

/// /proc/meminfo's figures, in bytes.
struct MemoryInfo {
    std::uint64_t total = 0;
    std::uint64_t available = 0;
    std::uint64_t swap_total = 0;
    std::uint64_t swap_free = 0;
    std::uint64_t used() const noexcept { return total > available ? total - available : 0; }
    std::uint64_t swap_used() const noexcept { return swap_total > swap_free ? swap_total - swap_free : 0; }
};

/// nullopt when the text is not /proc/loadavg's "0.52 0.58 0.59 2/812 12345".
std::optional<LoadAverage> parse_loadavg(std::string_view text);
/// The "cpu" line first, then "cpu0", "cpu1", ... in order; empty when there is none.
std::vector<CpuTimes> parse_cpu_times(std::string_view text);
/// MemTotal, MemAvailable, SwapTotal, SwapFree (kB in the file, bytes here).
MemoryInfo parse_meminfo(std::string_view text);
/// The busy share (0–100) of the ticks between two readings of one CPU (0 when none passed).
double cpu_busy_percent(const CpuTimes& before, const CpuTimes& after) noexcept;

/// One reading of the machine.
struct MachineStats {
    LoadAverage load;
    double cpu_percent = 0;           ///< all CPUs, since the previous sample (0 on the first)
    std::vector<double> cpus_percent; ///< each CPU, the same
    MemoryInfo memory;
    std::string error; ///< what could not be read (empty: all of it)
};

/// Reads the three files; CPU use is computed against this sampler's previous reading. Not shared
/// between threads.
class MachineSampler {
public:
    MachineStats sample();

private:
    std::vector<CpuTimes> m_previous;
};

/// The whole of a small /proc file (nullopt and errno set when it cannot be read).
std::optional<std::string> read_proc_file(const std::string& path);

} // namespace proclab
