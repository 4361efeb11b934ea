#pragma once
// Private to the core, public only because templates (Queue<T>, Value<T>) map their objects.
// A Segment is a named POSIX shared-memory object of ProcLab, "/proclab-<uid>-<kind>-<random>",
// mode 0600. Every process that has it open holds a shared flock() on it, so the last handle to
// close unlinks it, and leftovers of crashed programs (no holder left) are removed by
// sweep_debris() (proclab/debris.h). The header records the creator's pid and start time.

#include <proclab/debris.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace proclab::detail {

class Segment {
public:
    /// A new zero-filled object of `size` usable bytes; `kind` ("queue", "lock", ...) is checked by open().
    /// `init` runs on the memory before any other process can open it.
    static std::shared_ptr<Segment> create(std::string_view kind, std::size_t size,
                                           void (*init)(void* data, std::size_t size, void* ctx) = nullptr,
                                           void* ctx = nullptr);
    /// Opens an existing object by name. Throws NotFound (no such object), Error (another user's,
    /// or not a `kind`).
    static std::shared_ptr<Segment> open(const std::string& name, std::string_view kind);

    Segment(const Segment&) = delete;
    Segment& operator=(const Segment&) = delete;
    ~Segment();

    void* data() const noexcept { return m_data; }
    std::size_t size() const noexcept { return m_size; }
    const std::string& name() const noexcept { return m_name; }

    /// The object's id in the session registry (0: not looked up yet). Internal (monitor.h).
    mutable std::uint32_t monitor_id = 0;

    /// Gives up this process's hold (a child about to exit, or a server that does not use the
    /// object): unmaps it — a mapping keeps the open file, hence the hold, alive — and returns the
    /// descriptor for the caller to close. The handle is unusable afterwards. Internal.
    int release_fd_for_exit() noexcept;

private:
    Segment() = default;
    std::string m_name;
    int m_fd = -1;
    void* m_map = nullptr;
    std::size_t m_map_size = 0;
    void* m_data = nullptr;
    std::size_t m_size = 0;
};

/// A name unique in this machine and hard to guess, e.g. "proclab-1000-queue-3f9a…".
std::string unique_name(std::string_view kind);

} // namespace proclab::detail
