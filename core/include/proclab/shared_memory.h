#pragma once
// SharedMemory: a named block of raw shared memory, as Python's
// multiprocessing.shared_memory.SharedMemory.
//
//   proclab::SharedMemory shm({}, /*create=*/true, 1 << 20);     // a generated name
//   std::span<std::byte> bytes = shm.buf();
//   auto other = proclab::SharedMemory(shm.name());                // any process of this user
//   other.close(); shm.close(); shm.unlink();
//
// Lifetime as in Python: the name exists until unlink(), and each handle's mapping until close().
// To leave no /dev/shm litter, the process that created a block unlinks it when it exits
// normally (exit() / return from main) if nobody unlinked it and no other process has it open
// (Python's resource tracker does likewise). Generated names ("proclab-<uid>-shm-…") left by a
// crashed creator are reclaimed by proclab::cleanup(); a child process started by fork/forkserver
// leaves through _exit, so a block it creates must be unlink()ed explicitly.

#include <cstddef>
#include <memory>
#include <proclab/detail/named_handle.h>
#include <span>
#include <string>

namespace proclab {

class SharedMemory : public detail::NamedHandle<SharedMemory, detail::EmptyName::EmptyHandle> {
public:
    /// An empty handle (no block; for deserialization and assignment): buf() throws.
    SharedMemory() noexcept = default;
    /// create=false: opens the block `name` (NotFound naming it if there is none; `size` ignored).
    /// create=true: creates a block of `size` bytes, zero-filled (Error if the name exists;
    /// ValueError if size <= 0). An empty name with create=true generates one.
    /// ValueError when the name contains '/' or is empty without create.
    explicit SharedMemory(const std::string& name, bool create = false, std::ptrdiff_t size = 0);

    /// The mapped bytes. ValueError (naming the block) after close() or on an empty handle.
    std::span<std::byte> buf() const;
    /// The block's name (without a leading '/'), as given to the constructor to open it.
    const std::string& name() const;
    /// Size in bytes.
    std::size_t size() const noexcept;
    /// Unmaps the block for this handle and its copies (they share one mapping). Idempotent.
    void close() noexcept;
    /// Removes the name (the memory lives on while mapped). NotFound if it is already gone.
    void unlink();
    /// True after close().
    bool closed() const noexcept;

private:
    struct Impl;
    std::shared_ptr<Impl> m_impl;
};

} // namespace proclab
