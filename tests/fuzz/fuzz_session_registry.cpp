// libFuzzer target: the session registry reader given a hostile /dev/shm/proclab-<uid>-session-*
// segment: garbage in any slot, lying counts and event sequence numbers, a wrong magic, version or
// size. Session::open must refuse it with an Error, or Session::snapshot / events and what the
// window and `proclab-cli top` make of them (the process table, the wait-for graph, the exports)
// must cope: no crash, no hang, no sanitizer report.
//
// The input: u8 flags, then patches {u8 region, u16 index, u8 offset, u8 length, bytes}, each
// written into the header (region 0), process slot `index` (1), object slot (2) or event slot (3)
// of an otherwise valid, empty registry. flags: bit 0 wrong magic, bit 1 wrong version, bit 2 the
// segment 4 KiB too large, bit 3 half its size, bit 4 sample /proc too, bits 5-7 where events()
// starts reading. A segment whose creator is still filling it in (size 0, magic 0) is waited for,
// so the harness never leaves it in that state.

#include "session/registry_layout.h"

#include <proclab/cli/cli.h>
#include <proclab/errors.h>
#include <proclab/session.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <sstream>
#include <string>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>
#include <vector>

namespace reg = proclab::detail::registry;

namespace {

struct Segment {
    std::string name = "fuzz-" + std::to_string(getpid());
    std::string path = "/proclab-" + std::to_string(geteuid()) + "-session-" + name;
    int fd = -1;
    reg::Layout* layout = nullptr;

    Segment()
    {
        shm_unlink(path.c_str());
        fd = shm_open(path.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
        // Held as its creator holds it (a reader that finds nobody holding a session removes it).
        if (fd < 0 || flock(fd, LOCK_SH) != 0 || fchmod(fd, 0600) != 0 || ftruncate(fd, sizeof(reg::Layout)) != 0)
            __builtin_trap();
        void* map = mmap(nullptr, sizeof(reg::Layout), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (map == MAP_FAILED)
            __builtin_trap();
        layout = static_cast<reg::Layout*>(map);
    }
    ~Segment()
    {
        munmap(layout, sizeof(reg::Layout));
        close(fd);
        shm_unlink(path.c_str());
    }
};

// The slots patched by the current input, zeroed again after it (cheaper than the whole registry).
std::vector<std::pair<char*, std::size_t>> g_patched;

void patch(char* base, std::size_t cap, std::size_t offset, const std::uint8_t* bytes, std::size_t n)
{
    offset %= cap;
    std::memcpy(base + offset, bytes, std::min(n, cap - offset));
    g_patched.emplace_back(base, cap);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static Segment seg; // removed at exit
    reg::Layout& l = *seg.layout;
    const std::uint8_t flags = size ? data[0] : 0;
    for (const auto& [base, n] : g_patched)
        std::memset(base, 0, n);
    g_patched.clear();
    std::memset(static_cast<void*>(&l.header), 0, sizeof l.header);
    l.header.magic = (flags & 1) ? 0x12345678 : reg::kMagic;
    l.header.version = (flags & 2) ? reg::kLayoutVersion + 1 : reg::kLayoutVersion;
    l.header.total_size = sizeof(reg::Layout);
    std::memcpy(l.header.name, seg.name.data(), seg.name.size());
    l.header.alloc.init(false);
    for (std::size_t i = 1; i + 5 <= size;) {
        const std::uint8_t region = data[i] % 4;
        const std::size_t index = data[i + 1] | (std::size_t(data[i + 2]) << 8);
        const std::size_t offset = data[i + 3];
        const std::size_t n = std::min<std::size_t>(data[i + 4], size - i - 5);
        const std::uint8_t* bytes = data + i + 5;
        i += 5 + n;
        switch (region) {
        case 0:
            patch(reinterpret_cast<char*>(&l.header), sizeof l.header, offset, bytes, n);
            break;
        case 1:
            patch(reinterpret_cast<char*>(&l.processes[index % proclab::Session::kMaxProcesses]),
                  sizeof(reg::ProcessSlot), offset, bytes, n);
            break;
        case 2:
            patch(reinterpret_cast<char*>(&l.objects[index % proclab::Session::kMaxObjects]), sizeof(reg::ObjectSlot),
                  offset, bytes, n);
            break;
        default:
            patch(reinterpret_cast<char*>(&l.events[index % proclab::Session::kEventRing]), sizeof(reg::EventSlot),
                  offset, bytes, n);
            break;
        }
    }
    if (l.header.magic == 0)
        l.header.magic = 1; // see above: a zero magic is a segment being created
    const off_t length = (flags & 8)   ? off_t(sizeof(reg::Layout) / 2)
                         : (flags & 4) ? off_t(sizeof(reg::Layout) + 4096)
                                       : off_t(sizeof(reg::Layout));
    if (ftruncate(seg.fd, length) != 0)
        __builtin_trap();
    try {
        proclab::Session session = proclab::Session::open(seg.name);
        std::ostringstream out;
        for (int round = 0; round < 2; ++round) { // the second one uses the last consistent copies
            const proclab::Snapshot snap = session.snapshot((flags & 16) != 0);
            proclab::print_snapshot(snap, out);
            const auto batch = session.events(std::uint64_t(flags >> 5) * 1000, 4096);
            if (batch.events.size() > 4096)
                __builtin_trap();
            out << proclab::Session::chrome_trace(snap, batch.events) << proclab::Session::processes_csv(snap);
            for (const auto& line : proclab::Session::wait_for_graph(snap).explain(snap))
                out << line;
        }
    } catch (const proclab::Error&) {
    }
    if (ftruncate(seg.fd, sizeof(reg::Layout)) != 0)
        __builtin_trap();
    return 0;
}
