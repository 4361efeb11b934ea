// The writer side of the session registry, objects: the shared objects' records, their labels
// and the counters pushed for them.
#include <proclab/detail/monitor.h>
#include <proclab/detail/segment.h>
#include <proclab/detail/sync_common.h>

#include "session/monitor_bridge.h"
#include "session/monitor_state.h"
#include "session/registry.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/mman.h>

namespace proclab::detail::monitor {

using namespace registry;

namespace {
/// The session kind of a segment kind; anything else is SharedMemory.
ObjectKind kind_from(std::string_view k) noexcept
{
    static constexpr std::pair<std::string_view, ObjectKind> kinds[] = {
        {"queue", ObjectKind::Queue},         {"lock", ObjectKind::Lock},
        {"rlock", ObjectKind::RLock},         {"event", ObjectKind::Event},
        {"semaphore", ObjectKind::Semaphore}, {"bsemaphore", ObjectKind::BoundedSemaphore},
        {"condition", ObjectKind::Condition}, {"barrier", ObjectKind::Barrier},
        {"pool", ObjectKind::Pool},           {"value", ObjectKind::Value},
        {"rawvalue", ObjectKind::Value},      {"array", ObjectKind::Array},
        {"rawarray", ObjectKind::Array},
    };
    for (const auto& [name, kind] : kinds)
        if (k == name)
            return kind;
    return ObjectKind::SharedMemory;
}

ObjectId register_locked(Layout& l, ObjectKind kind, std::string_view name, std::string_view label,
                         std::uint64_t capacity) noexcept
{
    std::uint32_t n = l.header.objects.load(std::memory_order_relaxed);
    int slot = -1;
    if (n < Session::kMaxObjects) {
        slot = static_cast<int>(n);
        l.header.objects.store(n + 1, std::memory_order_release);
    } else {
        for (std::uint32_t i = 0; i < n; ++i) {
            ObjectSlot& o = l.objects[i];
            // A pipe has no shared object to outlive its creator: once the creator is gone, so is it.
            const bool gone = !o.alive || (o.kind == static_cast<std::uint8_t>(ObjectKind::Pipe) && o.creator > 0 &&
                                           ::kill(o.creator, 0) != 0 && errno == ESRCH);
            if (gone && (slot < 0 || o.destroyed_ns < l.objects[slot].destroyed_ns))
                slot = static_cast<int>(i);
        }
    }
    if (slot < 0)
        return kNoObject;
    ObjectSlot& o = l.objects[slot];
    std::uint32_t s = o.seq.load(std::memory_order_relaxed);
    const std::uint32_t odd = (s & 1U) ? s + 2 : s + 1;
    o.seq.store(odd, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_release);
    o.kind = static_cast<std::uint8_t>(kind);
    o.alive = 1;
    o.creator = current_pid();
    o.created_ns = now_ns();
    o.destroyed_ns = 0;
    o.capacity = capacity;
    copy_name(o.name, sizeof o.name, name);
    copy_name(o.label, sizeof o.label, label);
    for (auto& c : o.counters)
        c.store(0, std::memory_order_relaxed);
    o.seq.store(odd + 1, std::memory_order_release);
    return static_cast<ObjectId>(slot + 1);
}

void set_object_fields(ObjectId id, std::string_view label, bool alive) noexcept
{
    Layout* l = g_layout;
    if (!l || id == kNoObject || id > Session::kMaxObjects)
        return;
    AllocGuard g(l->header);
    ObjectSlot& o = l->objects[id - 1];
    std::uint32_t s = o.seq.load(std::memory_order_relaxed);
    const std::uint32_t odd = (s & 1U) ? s + 2 : s + 1;
    o.seq.store(odd, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_release);
    if (!label.empty())
        copy_name(o.label, sizeof o.label, label);
    if (!alive && o.alive) {
        o.alive = 0;
        o.destroyed_ns = now_ns();
    }
    o.seq.store(odd + 1, std::memory_order_release);
}

constexpr std::uint32_t kUnknownId = 0xffffffffU;
} // namespace

void object_created(Segment& segment, std::string_view kind) noexcept
{
    ensure_attached();
    Layout* l = g_layout;
    if (!l)
        return;
    if (t_unlisted > 0) {
        segment.monitor_id = kUnknownId;
        return;
    }
    ObjectId id;
    {
        AllocGuard g(l->header);
        const ObjectKind k = kind_from(kind);
        id = register_locked(*l, k, segment.name(), to_string(k), 0);
    }
    segment.monitor_id = id ? id : kUnknownId;
    if (id)
        record(EventKind::ObjectCreate, id, 0);
}

void set_label(const Segment& segment, std::string_view label) noexcept
{
    if (attached())
        set_object_fields(id_of(&segment), label, true);
}

void set_label(const std::string& segment_name, std::string_view label) noexcept
{
    Layout* l = g_layout;
    if (!l)
        return;
    const std::uint32_t n = l->header.objects.load(std::memory_order_acquire);
    for (std::uint32_t i = n; i-- > 0;)
        if (l->objects[i].alive &&
            std::strncmp(l->objects[i].name, segment_name.c_str(), sizeof l->objects[i].name) == 0) {
            set_object_fields(i + 1, label, true);
            return;
        }
}

void object_destroyed(const std::string& segment_name) noexcept
{
    Layout* l = g_layout;
    if (!l)
        return;
    const std::uint32_t n = l->header.objects.load(std::memory_order_acquire);
    for (std::uint32_t i = 0; i < n; ++i) {
        if (l->objects[i].alive &&
            std::strncmp(l->objects[i].name, segment_name.c_str(), sizeof l->objects[i].name) == 0) {
            set_object_fields(i + 1, {}, false);
            record(EventKind::ObjectDestroy, i + 1, 0);
        }
    }
}

ObjectId register_object(ObjectKind kind, std::string_view name, std::string_view label,
                         std::uint64_t capacity) noexcept
{
    ensure_attached();
    Layout* l = g_layout;
    if (!l)
        return kNoObject;
    ObjectId id;
    {
        AllocGuard g(l->header);
        id = register_locked(*l, kind, name, label, capacity);
    }
    if (id)
        record(EventKind::ObjectCreate, id, 0);
    return id;
}

void unregister_object(ObjectId id) noexcept
{
    if (id == kNoObject || !attached())
        return;
    set_object_fields(id, {}, false);
    record(EventKind::ObjectDestroy, id, 0);
}

ObjectId find_object(std::string_view name) noexcept
{
    ensure_attached();
    Layout* l = g_layout;
    if (!l || name.empty() || name.size() >= sizeof l->objects[0].name)
        return kNoObject;
    const std::uint32_t n = std::min<std::uint32_t>(l->header.objects.load(std::memory_order_acquire),
                                                    static_cast<std::uint32_t>(Session::kMaxObjects));
    for (std::uint32_t i = n; i-- > 0;) {
        const ObjectSlot& o = l->objects[i];
        if (o.alive && strnlen(o.name, sizeof o.name) == name.size() &&
            std::memcmp(o.name, name.data(), name.size()) == 0)
            return i + 1;
    }
    return kNoObject;
}

void add_counter(ObjectId id, unsigned counter, std::int64_t delta) noexcept
{
    Layout* l = g_layout;
    if (l && id != kNoObject && id <= Session::kMaxObjects && counter < kCounters)
        l->objects[id - 1].counters[counter].fetch_add(delta, std::memory_order_relaxed);
}

void set_counter(ObjectId id, unsigned counter, std::int64_t value) noexcept
{
    Layout* l = g_layout;
    if (l && id != kNoObject && id <= Session::kMaxObjects && counter < kCounters)
        l->objects[id - 1].counters[counter].store(value, std::memory_order_relaxed);
}

std::int64_t counter(ObjectId id, unsigned counter) noexcept
{
    const Layout* l = g_layout;
    if (l && id != kNoObject && id <= Session::kMaxObjects && counter < kCounters)
        return l->objects[id - 1].counters[counter].load(std::memory_order_relaxed);
    return 0;
}

std::int64_t fetch_add_counter(ObjectId id, unsigned counter, std::int64_t delta) noexcept
{
    Layout* l = g_layout;
    if (l && id != kNoObject && id <= Session::kMaxObjects && counter < kCounters)
        return l->objects[id - 1].counters[counter].fetch_add(delta, std::memory_order_relaxed);
    return 0;
}

std::uint64_t capacity(ObjectId id) noexcept
{
    const Layout* l = g_layout;
    return l && id != kNoObject && id <= Session::kMaxObjects ? l->objects[id - 1].capacity : 0;
}

void prefault() noexcept
{
#ifdef MADV_POPULATE_WRITE
    if (Layout* l = g_layout)
        ::madvise(static_cast<void*>(l), sizeof(Layout), MADV_POPULATE_WRITE); // EINVAL before Linux 5.14
#endif
}

void set_label(ObjectId id, std::string_view label) noexcept
{
    if (attached() && !label.empty())
        set_object_fields(id, label, true);
}

ObjectId id_of(const Segment* segment) noexcept
{
    Layout* l = g_layout;
    if (!l || !segment)
        return kNoObject;
    std::uint32_t id = segment->monitor_id;
    if (id == 0) {
        // Opened by name: find it in the object table (once per handle).
        id = find_object(segment->name());
        if (id == kNoObject)
            id = kUnknownId;
        segment->monitor_id = id;
    }
    return id == kUnknownId ? kNoObject : id;
}

ObjectId id_of(const void* address) noexcept
{
    return id_of(segment_containing(address));
}

} // namespace proclab::detail::monitor
