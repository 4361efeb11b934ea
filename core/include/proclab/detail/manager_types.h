#pragma once
// Private to Manager: a registered type as the server sees it (BaseManager::register_type). The
// server holds type-erased instances and calls their exposed methods by name, each through an
// invoker that decodes the arguments, calls the member function and encodes its result (the task
// encoding of proclab/task.h). Kept out of manager.h so that the API reads on its own.

#include <proclab/task.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

namespace proclab::detail {

/// A registered type's server-side entry (BaseManager::register_type).
struct TypeEntry {
    std::function<std::shared_ptr<void>(std::string_view args)> create;
    std::map<std::string, std::function<std::string(void* object, std::string_view args)>, std::less<>> methods;
    std::string builtin; ///< register_shared(): the builtin kind of the one shared object
};

template <class C, class R, class... P, class M>
auto method_invoker(M method)
{
    static_assert(((!std::is_lvalue_reference_v<P> || std::is_const_v<std::remove_reference_t<P>>)&&...),
                  "an exposed method's parameters must be values or const references: "
                  "it is called in the server and cannot write back into the caller's objects");
    return [method](void* object, std::string_view args) -> std::string {
        auto t = decode_arguments<std::tuple<std::decay_t<P>...>>(args);
        C& self = *static_cast<C*>(object);
        if constexpr (std::is_void_v<R>) {
            std::apply([&](auto&&... a) { (self.*method)(std::forward<decltype(a)>(a)...); }, std::move(t));
            return {};
        } else {
            std::string out;
            append_result(out,
                          std::apply([&](auto&&... a) -> R { return (self.*method)(std::forward<decltype(a)>(a)...); },
                                     std::move(t)));
            return out;
        }
    };
}
template <class C, class R, class... P>
auto make_method_invoker(R (C::*method)(P...))
{
    return method_invoker<C, R, P...>(method);
}
template <class C, class R, class... P>
auto make_method_invoker(R (C::*method)(P...) const)
{
    return method_invoker<C, R, P...>(method);
}

} // namespace proclab::detail
