// libFuzzer target: the recording reader (proclab::Recording) and what replays a recording (the
// process table of `proclab-cli top`, the wait-for graph, the trace and CSV exports).
//
// The input describes a file rather than being one, so that the fuzzer gets past the checksums:
//   u8 flags, then records {u8 type, u16 length (little-endian), payload}
// flags: bit 0 wrong version, bit 1 bad record marker, bit 2 cut the file 1..16 bytes short,
// bit 3 corrupt the first checksum, bit 4 the older format (version 1: no hosts). The harness writes the header, each
// record's marker, length and FNV-1a checksum, and the payload, to a memfd read through /proc/self/fd. Every file must
// be read or refused with an Error: no crash, no hang, no sanitizer report, no allocation beyond a small multiple of
// the file's size; every replayed snapshot must print.

#include <proclab/cli/cli.h>
#include <proclab/errors.h>
#include <proclab/recording.h>
#include <proclab/session.h>

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <sys/mman.h>
#include <unistd.h>

namespace {

std::uint32_t fnv1a(const std::string& s)
{
    std::uint32_t h = 2166136261u;
    for (unsigned char c : s) {
        h ^= c;
        h *= 16777619u;
    }
    return h;
}

template <class T>
void put_le(std::string& out, T v)
{
    for (std::size_t i = 0; i < sizeof(T); ++i)
        out += static_cast<char>((static_cast<std::uint64_t>(v) >> (8 * i)) & 0xff);
}

std::string file_of(const std::uint8_t* data, std::size_t size)
{
    const std::uint8_t flags = size ? data[0] : 0;
    std::string file("PLREC001", 8);
    put_le<std::uint32_t>(file, (flags & 1) ? 3 : (flags & 16) ? 1 : 2);
    put_le<std::uint32_t>(file, 4);
    file += "fuzz";
    bool first = true;
    for (std::size_t i = 1; i + 3 <= size;) {
        const std::uint8_t type = data[i];
        const std::size_t len = std::min<std::size_t>(data[i + 1] | (std::size_t(data[i + 2]) << 8), size - i - 3);
        const std::string payload(reinterpret_cast<const char*>(data + i + 3), len);
        i += 3 + len;
        put_le<std::uint32_t>(file, (flags & 2) && first ? 0x12345678 : 0x4B524C50);
        file += static_cast<char>(type);
        file.append(3, '\0');
        put_le<std::uint64_t>(file, payload.size());
        put_le<std::uint32_t>(file, fnv1a(payload) ^ ((flags & 8) && first ? 1 : 0));
        file += payload;
        first = false;
    }
    if (flags & 4)
        file.resize(file.size() - std::min<std::size_t>(file.size(), 1 + (flags >> 4)));
    return file;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const int fd = memfd_create("fuzz_recording", MFD_CLOEXEC);
    if (fd < 0)
        __builtin_trap();
    const std::string file = file_of(data, size);
    if (ftruncate(fd, 0) != 0 || pwrite(fd, file.data(), file.size(), 0) != static_cast<ssize_t>(file.size()))
        __builtin_trap();
    try {
        const proclab::Recording rec("/proc/self/fd/" + std::to_string(fd));
        std::ostringstream out;
        for (std::int64_t t : rec.tick_times()) {
            const proclab::Snapshot& snap = rec.snapshot_at(t);
            proclab::print_snapshot(snap, out);
            const auto events = rec.events_between(rec.begin_ns(), t);
            out << proclab::Session::chrome_trace(snap, events) << proclab::Session::processes_csv(snap);
            for (const auto& line : proclab::Session::wait_for_graph(snap).explain(snap))
                out << line;
        }
    } catch (const proclab::Error&) {
    }
    return 0;
}
