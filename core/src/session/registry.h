#pragma once
// Private: a mapped session registry (shared by the writer hooks and the reader), and the
// read-only peeks into other objects' shared memory that give the reader live figures.

#include "session/registry_layout.h"

#include <proclab/clock.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace proclab::detail {

class RegistryMap {
public:
    /// Creates session `name` (validated), replacing a leftover whose creator died.
    static std::shared_ptr<RegistryMap> create(const std::string& name);
    /// Opens an existing session (NotFound / Error).
    static std::shared_ptr<RegistryMap> open(const std::string& name);
    ~RegistryMap();

    registry::Layout& layout() const noexcept { return *m_layout; }
    /// Gives up this process's hold (the last holder removes the session) but keeps the memory
    /// mapped, for threads that may still be writing.
    void release_hold() noexcept;
    const std::string& session() const noexcept { return m_session; }

    /// "proclab-<uid>-session-<name>".
    static std::string shm_name(const std::string& session);
    /// ValueError unless [A-Za-z0-9._-]{1,64}.
    static void validate(const std::string& session);
    /// Whether the creator recorded in the header is still that process.
    static bool creator_alive(const registry::Header& h) noexcept;

private:
    RegistryMap() = default;
    std::string m_session;
    int m_fd = -1;
    bool m_creator = false; // created it: removes the name when done (children keep their mapping)
    unsigned long m_inode = 0;
    registry::Layout* m_layout = nullptr;
};

/// The registry this process is attached to (null when none).
std::shared_ptr<RegistryMap> attached_registry() noexcept;

/// A read-only mapping of another shared object, without holding it (the reader must not keep
/// objects alive). `data` points past the segment header, as Segment::data() does.
struct PeekMap {
    void* map = nullptr;
    std::size_t map_size = 0;
    const void* data = nullptr;
    std::size_t size = 0;
    std::string kind;
    PeekMap() = default;
    PeekMap(const PeekMap&) = delete;
    PeekMap& operator=(const PeekMap&) = delete;
    ~PeekMap();
};
/// Null when the object is gone or not a ProcLab object.
std::unique_ptr<PeekMap> peek_segment(const std::string& name) noexcept;

// Live figures of each kind, read from its shared memory (defined beside each implementation).
void peek_queue(const void* data, std::size_t size, ObjectRecord& r) noexcept;
void peek_lock(const void* data, std::size_t size, ObjectRecord& r) noexcept;
void peek_event(const void* data, std::size_t size, ObjectRecord& r) noexcept;
void peek_semaphore(const void* data, std::size_t size, ObjectRecord& r) noexcept;
void peek_condition(const void* data, std::size_t size, ObjectRecord& r) noexcept;
void peek_barrier(const void* data, std::size_t size, ObjectRecord& r) noexcept;
void peek_shared_data(const void* data, std::size_t size, ObjectRecord& r) noexcept;

/// The live Segment of this process whose mapping contains `address` (null when none).
class Segment;
Segment* segment_containing(const void* address) noexcept;

} // namespace proclab::detail

namespace proclab::detail::monitor {
/// Session::create: makes `map` this process's session (sets PROCLAB_SESSION for children).
void attach_created(std::shared_ptr<RegistryMap> map);
/// Session::detach.
void detach() noexcept;
} // namespace proclab::detail::monitor
