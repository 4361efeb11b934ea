#pragma once
// The cereal serialization every named handle shares (Lock, RLock, Semaphore, BoundedSemaphore,
// Condition, Event, Barrier, Value, Array, Queue, JoinableQueue, SimpleQueue, SharedMemory): a
// handle crosses processes as its name alone (a cereal string) and is opened again by that name on
// load, so that a task argument of such a type reaches the same shared object under fork, spawn
// and forkserver alike. A handle derives from NamedHandle<itself> to get the save/load pair.

#include <string>

namespace proclab::detail {

/// What an empty name loads as: `Open` opens it like any other (the type's own error), while
/// `EmptyHandle` gives the default-constructed empty handle (types that have one: Array,
/// SharedMemory).
enum class EmptyName { Open, EmptyHandle };

/// The handle named `name`: H::open(name), or H(name) for a type that opens by its constructor.
template <class H>
H open_by_name(const std::string& name)
{
    if constexpr (requires { H::open(name); })
        return H::open(name);
    else
        return H(name);
}

/// CRTP base: Derived (with a public name()) is saved as its name and loaded by opening that name.
/// A class deriving from another named handle names the pair again (`using NamedHandle<D>::save;`
/// and `load`) so that it loads as itself.
template <class Derived, EmptyName empty = EmptyName::Open>
class NamedHandle {
public:
    /// Writes the name (a cereal string).
    template <class Archive>
    void save(Archive& ar) const
    {
        ar(static_cast<const Derived&>(*this).name());
    }
    /// Reads a name and makes this handle the one it names. Throws what opening it throws.
    template <class Archive>
    void load(Archive& ar)
    {
        std::string name;
        ar(name);
        auto& self = static_cast<Derived&>(*this);
        if constexpr (empty == EmptyName::EmptyHandle) {
            if (name.empty()) {
                self = Derived();
                return;
            }
        }
        self = open_by_name<Derived>(name);
    }

protected:
    NamedHandle() = default;
};

} // namespace proclab::detail
