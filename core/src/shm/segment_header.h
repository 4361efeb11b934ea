#pragma once
// Private: the header at the start of every Segment's shared memory (see proclab/detail/segment.h),
// read by the segment layer, the registry's peeks and the debris sweep.

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace proclab::detail {

inline constexpr std::uint32_t kSegmentMagic = 0x42414c50; // "PLAB"
inline constexpr std::uint32_t kSegmentVersion = 1;
inline constexpr std::size_t kSegmentHeaderSize = 64;

struct SegmentHeader {
    std::uint32_t magic;
    std::uint32_t version;
    std::atomic<std::uint32_t> ready;
    std::int32_t creator; // pid of the creating process (0: not recorded)
    char kind[16];
    std::uint64_t size;
    std::uint64_t creator_start; // the creator's start time (/proc/<pid>/stat field 22; 0: unknown)
};
static_assert(sizeof(SegmentHeader) <= kSegmentHeaderSize);

} // namespace proclab::detail
