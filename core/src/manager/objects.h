#pragma once
// Private: the objects a Manager's server holds for its clients, and what they share.
//
// Every object is called with a method name and its arguments (a WireReader) and returns its
// result as bytes; errors travel as Failure (sent back to the caller) and a client that hangs up
// while blocked as Cancelled (the connection is dropped without a reply). Each object guards its
// own state with its own mutex; blocked calls wait through Call::wait so that a vanished client
// never holds a server thread. The families live in objects_sync.cpp (Lock, RLock, Condition,
// Semaphore, Event, Barrier) and objects_containers.cpp (Queue, Value, Array, list, dict,
// Namespace); objects.cpp makes them by kind and wraps registered types.

#include <proclab/detail/manager_types.h>

#include <proclab/detail/manager_wire.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace proclab::detail::manager {

using Clock = std::chrono::steady_clock;
using Deadline = std::optional<Clock::time_point>;

/// An error to send back: `builtin` errors are rethrown as the ProcLab type of that name.
struct Failure {
    std::string type;
    std::string message;
    bool builtin = true;
};
/// Throws Failure{type, message, builtin}.
[[noreturn]] void fail(std::string type, std::string message, bool builtin = true);
/// The client hung up while its call was blocked: drop the connection without replying.
struct Cancelled {};

/// How often a blocked call checks that its client is still connected.
inline constexpr auto kHangupCheck = std::chrono::milliseconds(100);

/// The context of one call: who makes it, and how it waits.
struct Call {
    std::uint64_t conn = 0;
    int fd = -1;

    /// True when the client's socket has hung up.
    bool client_gone() const;
    /// Waits on `cv` until pred() (true) or the deadline (false). Throws Cancelled when the client
    /// hangs up meanwhile (passing the wake-up it may have consumed on to another waiter).
    template <class Pred>
    bool wait(std::unique_lock<std::mutex>& lock, std::condition_variable& cv, Deadline deadline, Pred pred) const
    {
        for (;;) {
            if (pred())
                return true;
            const auto now = Clock::now();
            if (deadline && now >= *deadline)
                return false;
            auto until = now + kHangupCheck;
            if (deadline && *deadline < until)
                until = *deadline;
            if (cv.wait_until(lock, until) == std::cv_status::timeout && client_gone()) {
                cv.notify_all();
                throw Cancelled{};
            }
        }
    }
};

/// The deadline `timeout` from now; none without a timeout.
Deadline deadline_of(std::optional<std::chrono::nanoseconds> timeout);
/// A boolean result (one byte).
std::string u8_result(bool v);
/// An unsigned result (eight bytes, host order).
std::string u64_result(std::uint64_t v);

/// One served object. `kind` and `id` are set by the server when it is made.
class Object {
public:
    virtual ~Object() = default;
    /// Runs `method`; returns its result. Throws Failure or Cancelled.
    virtual std::string call(std::string_view method, WireReader& in, Call& c) = 0;
    /// The connection `conn` is gone: release what it owns.
    virtual void disconnected(std::uint64_t) {}
    /// Objects that a connection can own (locks): told when it goes.
    virtual bool owned_by_connections() const { return false; }

    std::string kind;
    std::uint64_t id = 0;

protected:
    /// Throws the AttributeError for a method this object does not have.
    [[noreturn]] void no_method(std::string_view method) const;
    /// "kind id", for messages.
    std::string what() const { return kind + " " + std::to_string(id); }
    std::mutex m_mutex;
};

/// A builtin object of `kind` made from the creation arguments `args`; nullptr for an unknown kind.
/// Throws Failure for invalid arguments.
std::shared_ptr<Object> make_builtin(std::string_view kind, std::string_view args);
/// The object wrapping `object`, made by the factory of the registered type `entry`.
std::shared_ptr<Object> make_custom(std::shared_ptr<void> object, const TypeEntry& entry);

/// The family factories make_builtin() asks in turn: nullptr when `kind` is not theirs.
std::shared_ptr<Object> make_sync_object(std::string_view kind, WireReader& in);
std::shared_ptr<Object> make_container_object(std::string_view kind, WireReader& in, std::string_view args);

} // namespace proclab::detail::manager
