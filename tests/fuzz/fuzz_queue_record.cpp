// libFuzzer target: the queue's record decoding (ByteQueue::record_at, the fast and locked gets)
// and its header checks, on a queue segment that another process of the user corrupted: the fixed
// header (capacity, maxsize, inline size, flags), the head and tail words and their hints, and the
// ring's bytes are the fuzzer's. Opening must refuse a bad header with an Error; every get must
// hand over a message that lies within the ring, or report BrokenResource; qsize(), the session
// reader's live figures (peek_queue) and a put must cope: no crash, no hang, no sanitizer report.
//
// The input: u8 flags, then the words {u64 head, u64 tail, u64 tail_seen, u64 head_seen,
// u64 published} and, with flags bit 0, the header {u64 capacity, i64 maxsize, u64 inline_max,
// u32 flags}; the rest is copied into the ring (1 KiB).

#include "session/registry.h" // peek_queue

#include <proclab/detail/byte_queue.h>
#include <proclab/errors.h>
#include <proclab/session.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pd = proclab::detail;

namespace {

constexpr std::size_t kSegmentHeader = 64; // shm/segment.cpp
constexpr std::size_t kRingOffset = (sizeof(pd::QueueShared) + 63) / 64 * 64;

template <class T>
T take(const std::uint8_t*& p, const std::uint8_t* end)
{
    T v{};
    const std::size_t n = std::min<std::size_t>(sizeof v, static_cast<std::size_t>(end - p));
    std::memcpy(&v, p, n);
    p += n;
    return v;
}

// Every message comes from the ring of the reading handle (no large message was put): it fits in
// the ring, and its bytes are readable (the ring ends near the end of the mapping).
void sink(const char* data, std::size_t size, void* ctx)
{
    if (size > *static_cast<const std::size_t*>(ctx))
        __builtin_trap();
    volatile char sum = 0;
    for (std::size_t i = 0; i < size; ++i)
        sum = static_cast<char>(sum + data[i]);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::uint8_t* p = data;
    const std::uint8_t* const end = data + size;
    const std::uint8_t flags = size ? take<std::uint8_t>(p, end) : 0;
    auto q = pd::ByteQueue::create(0, 1024, "Queue");
    const std::string name = q->name();
    const int fd = shm_open(("/" + name).c_str(), O_RDWR | O_CLOEXEC, 0);
    struct stat st {};
    if (fd < 0 || fstat(fd, &st) != 0)
        __builtin_trap();
    const std::size_t map_size = static_cast<std::size_t>(st.st_size);
    void* map = mmap(nullptr, map_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        __builtin_trap();
    auto* s = reinterpret_cast<pd::QueueShared*>(static_cast<char*>(map) + kSegmentHeader);
    char* ring = static_cast<char*>(map) + kSegmentHeader + kRingOffset;
    const std::size_t ring_bytes = map_size - kSegmentHeader - kRingOffset;
    s->head.store(take<std::uint64_t>(p, end));
    s->tail.store(take<std::uint64_t>(p, end));
    s->tail_copy.store(s->tail.load());
    s->tail_seen.store(take<std::uint64_t>(p, end));
    s->head_seen.store(take<std::uint64_t>(p, end));
    s->published.store(take<std::uint64_t>(p, end));
    if (flags & 1) {
        s->capacity = take<std::uint64_t>(p, end);
        s->maxsize = take<std::int64_t>(p, end);
        s->inline_max = take<std::uint64_t>(p, end);
        s->flags = take<std::uint32_t>(p, end);
    }
    std::memcpy(ring, p, std::min<std::size_t>(ring_bytes, static_cast<std::size_t>(end - p)));
    try {
        // A second handle reads the corrupted header as any other process would.
        auto other = pd::ByteQueue::open(name, "Queue");
        std::size_t ctx = ring_bytes;
        for (int i = 0; i < 8; ++i) {
            try {
                if (!other->get(sink, &ctx, false, std::nullopt))
                    break;
            } catch (const proclab::BrokenResource&) {
                break;
            }
        }
        (void)other->qsize();
        (void)other->empty();
        (void)other->full();
        const char msg[8] = "message";
        try {
            (void)other->put(msg, sizeof msg, false, std::nullopt);
        } catch (const proclab::Error&) {
        }
    } catch (const proclab::Error&) {
    }
    proclab::ObjectRecord r;
    pd::peek_queue(s, map_size - kSegmentHeader, r);
    munmap(map, map_size);
    return 0;
}
