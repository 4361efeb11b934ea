// Layout of Value / Array objects: [LockState | type fingerprint, element size, count | elements].
#include "session/registry.h"
#include <proclab/detail/shared_data.h>
#include <proclab/errors.h>

#include "sync/sync.h"

#include <limits>

namespace proclab::detail {

namespace {
struct DataHeader {
    LockState lock;
    std::uint64_t type_hash;
    std::uint64_t elem_size;
    std::uint64_t count;
    std::uint64_t data_offset;
};

std::size_t round_up(std::size_t n, std::size_t to)
{
    return (n + to - 1) / to * to;
}

void init(void* data, std::size_t, void* ctx)
{
    auto* h = static_cast<DataHeader*>(data);
    auto* spec = static_cast<const SharedDataSpec*>(ctx);
    init_lock_state(&h->lock, true);
    h->type_hash = spec->type_hash;
    h->elem_size = spec->elem_size;
    h->count = spec->count;
    h->data_offset = round_up(sizeof(DataHeader), std::max<std::size_t>(64, spec->elem_align));
}

const DataHeader* header(const Segment& s)
{
    return static_cast<const DataHeader*>(s.data());
}
} // namespace

std::shared_ptr<Segment> create_shared_data(const SharedDataSpec& spec)
{
    const std::size_t offset = round_up(sizeof(DataHeader), std::max<std::size_t>(64, spec.elem_align));
    const std::size_t max = (std::numeric_limits<std::size_t>::max() / 4 - offset) / spec.elem_size;
    if (spec.count > max)
        throw ValueError(std::string("cannot create ") + spec.type + " of " + std::to_string(spec.count) +
                         " elements: too large");
    return Segment::create(spec.kind, offset + spec.count * spec.elem_size, &init, const_cast<SharedDataSpec*>(&spec));
}

std::shared_ptr<Segment> open_shared_data(const std::string& name, const SharedDataSpec& spec)
{
    auto s = Segment::open(name, spec.kind);
    const std::string what = std::string(spec.type) + " '" + name + "'";
    if (s->size() < sizeof(DataHeader))
        throw Error("cannot open " + what + ": it is too small");
    const DataHeader* h = header(*s);
    if (h->type_hash != spec.type_hash || h->elem_size != spec.elem_size)
        throw Error("cannot open " + what + ": it holds elements of another type (" + std::to_string(h->elem_size) +
                    " bytes each; asked for " + std::to_string(spec.elem_size) + ")");
    if (h->data_offset + h->count * h->elem_size > s->size())
        throw Error("cannot open " + what + ": it is corrupted (its size does not match)");
    return s;
}

void* shared_data_of(const Segment& segment) noexcept
{
    return static_cast<char*>(segment.data()) + header(segment)->data_offset;
}

std::size_t shared_count_of(const Segment& segment) noexcept
{
    return header(segment)->count;
}

} // namespace proclab::detail

namespace proclab::detail {
void peek_shared_data(const void* data, std::size_t size, ObjectRecord& r) noexcept
{
    if (const auto* h = peek_as<DataHeader>(data, size)) {
        r.owner = lock_owner_pid(h->lock);
        r.capacity = h->count;
        r.bytes = h->count * h->elem_size;
    }
}
} // namespace proclab::detail
