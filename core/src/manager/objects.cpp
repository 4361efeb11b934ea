// What the Manager's served objects share (failures, the call context, results), the factory
// that makes a builtin object by kind, and the object wrapping an instance of a registered type.

#include "manager/objects.h"

#include <proclab/errors.h>

#include <poll.h>

namespace proclab::detail::manager {

void fail(std::string type, std::string message, bool builtin)
{
    throw Failure{std::move(type), std::move(message), builtin};
}

bool Call::client_gone() const
{
    pollfd p{fd, POLLRDHUP, 0};
    return ::poll(&p, 1, 0) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL));
}

Deadline deadline_of(std::optional<std::chrono::nanoseconds> timeout)
{
    if (!timeout)
        return std::nullopt;
    return Clock::now() + *timeout;
}

std::string u8_result(bool v)
{
    return std::string(1, v ? '\1' : '\0');
}
std::string u64_result(std::uint64_t v)
{
    return std::string(reinterpret_cast<const char*>(&v), sizeof v);
}

void Object::no_method(std::string_view method) const
{
    fail("AttributeError",
         "'" + kind + "' object " + std::to_string(id) + " has no method '" + std::string(method) + "'", false);
}

namespace {

/// An object of a registered type; calls are serialized (a C++ object need not be thread-safe).
class CustomObject final : public Object {
public:
    CustomObject(std::shared_ptr<void> object, const TypeEntry& entry)
        : m_object(std::move(object))
        , m_entry(&entry)
    {
    }
    std::string call(std::string_view method, WireReader& in, Call&) override
    {
        auto it = m_entry->methods.find(method);
        if (it == m_entry->methods.end()) {
            std::string exposed;
            for (const auto& [name, f] : m_entry->methods)
                exposed += (exposed.empty() ? "" : ", ") + name;
            fail("AttributeError",
                 "method '" + std::string(method) + "' of " + what() +
                     " is not exposed (exposed: " + (exposed.empty() ? "none" : exposed) + ")",
                 false);
        }
        std::lock_guard lock(m_mutex);
        try {
            return it->second(m_object.get(), in.rest());
        } catch (const Failure&) {
            throw;
        } catch (const std::exception& e) {
            fail(exception_type_name(e), e.what(), false);
        }
    }

private:
    std::shared_ptr<void> m_object;
    const TypeEntry* m_entry;
};

} // namespace

std::shared_ptr<Object> make_custom(std::shared_ptr<void> object, const TypeEntry& entry)
{
    return std::make_shared<CustomObject>(std::move(object), entry);
}

std::shared_ptr<Object> make_builtin(std::string_view kind, std::string_view args)
{
    WireReader in(args);
    if (auto object = make_container_object(kind, in, args))
        return object;
    return make_sync_object(kind, in);
}

} // namespace proclab::detail::manager
