#pragma once
// Private: what the process runtime needs from the segment layer.

namespace proclab::detail {
/// In a child about to _exit: close the descriptors of every inherited segment and unlink those
/// that nobody holds any more (the parent may have closed its handle before the child ended).
void release_inherited_segments() noexcept;
} // namespace proclab::detail
