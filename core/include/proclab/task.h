#pragma once
// Registered tasks: functions that can run in another process under every start method.
//
//   int square(int x) { return x * x; }
//   PROCLAB_TASK(square);            // at namespace scope, once per program
//
// A registered task is found by name in a spawned or forkserver child, which deserializes its
// arguments (cereal, see serialize.h), calls it and serializes the result.

#include <proclab/serialize.h>

#include <concepts>
#include <cstring>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

namespace proclab::detail {

/// Deserializes the argument tuple, calls the task and returns its serialized result
/// (empty for void). Exceptions of the task propagate.
using TaskInvoker = std::string (*)(std::string_view args);
/// As TaskInvoker, but appends the serialized result to `out` (the Pool's hot path: arithmetic
/// arguments and results are copied as their bytes, without streams; same encoding as cereal's).
using TaskAppendInvoker = void (*)(std::string_view args, std::string& out);

struct TaskEntry {
    const char* name;
    const void* address; // the function, to find a task from a function pointer
    TaskInvoker invoke;
    TaskAppendInvoker invoke_into = nullptr;
};

/// Called by PROCLAB_TASK during static initialization.
void register_task(const TaskEntry& entry) noexcept;
/// nullptr when no task has that name, or when two tasks share it (ambiguous).
const TaskEntry* find_task(std::string_view name) noexcept;
inline const TaskEntry* find_task(const char* name) noexcept
{
    return find_task(std::string_view(name));
}
/// nullptr when the function was not registered with PROCLAB_TASK, or its name is ambiguous.
const TaskEntry* find_task(const void* address) noexcept;

template <class F>
struct function_traits;
template <class R, class... P>
struct function_traits<R (*)(P...)> {
    using result = R;
    using args = std::tuple<std::decay_t<P>...>;
    static constexpr bool by_value_or_const_ref =
        ((!std::is_lvalue_reference_v<P> || std::is_const_v<std::remove_reference_t<P>>)&&...);
};
template <class R, class... P>
struct function_traits<R (*)(P...) noexcept> : function_traits<R (*)(P...)> {
};

template <class F>
inline constexpr bool is_function_pointer_v = std::is_pointer_v<F>&& std::is_function_v<std::remove_pointer_t<F>>;

/// A handle to a shared object (Queue, Lock, ...): serialized as its name, reopened by name.
template <class T>
concept named_handle = requires(const T& t, const std::string& n)
{
    {
        T::open(n)
        } -> std::convertible_to<T>;
    {
        t.name()
        } -> std::convertible_to<std::string>;
};

template <class T>
T load_argument(cereal::BinaryInputArchive& ar)
{
    if constexpr (named_handle<T>) {
        std::string name; // opened directly: default-constructing would create a throwaway object
        ar(name);
        return T::open(name);
    } else {
        T value{};
        ar(value);
        return value;
    }
}

/// Reads the tuple written by to_bytes(tuple), element by element, left to right.
template <class Tuple, std::size_t... I>
Tuple load_arguments(std::string_view bytes, std::index_sequence<I...>)
{
    std::istringstream is(std::string(bytes), std::ios::binary);
    cereal::BinaryInputArchive ar(is);
    return Tuple{load_argument<std::tuple_element_t<I, Tuple>>(ar)...};
}

/// cereal's binary archive writes an arithmetic value as its bytes: such values (and tuples of
/// them, element after element) can be encoded and decoded by memcpy with the same result.
template <class T>
inline constexpr bool raw_codec_v = std::is_arithmetic_v<T>;
template <class Tuple>
struct raw_tuple;
template <class... T>
struct raw_tuple<std::tuple<T...>> {
    static constexpr bool value = (raw_codec_v<T> && ...);
    static constexpr std::size_t size = (std::size_t(0) + ... + sizeof(T));
};

/// Appends the encoding of `args` (a std::tuple) to `out`: identical to to_bytes(args).
template <class Tuple>
void append_arguments(std::string& out, const Tuple& args)
{
    if constexpr (raw_tuple<Tuple>::value) {
        std::apply([&out](const auto&... v) { (out.append(reinterpret_cast<const char*>(&v), sizeof v), ...); }, args);
    } else {
        out += to_bytes(args);
    }
}

/// Decodes a tuple written by append_arguments / to_bytes. Throws on truncated input.
template <class Tuple>
Tuple decode_arguments(std::string_view bytes)
{
    if constexpr (raw_tuple<Tuple>::value && std::tuple_size_v < Tuple >> 0) {
        if (bytes.size() != raw_tuple<Tuple>::size)
            throw std::length_error("task arguments of " + std::to_string(bytes.size()) + " bytes, expected " +
                                    std::to_string(raw_tuple<Tuple>::size));
        Tuple t;
        std::size_t at = 0;
        std::apply([&](auto&... v) { ((std::memcpy(&v, bytes.data() + at, sizeof v), at += sizeof v), ...); }, t);
        return t;
    } else {
        return load_arguments<Tuple>(bytes, std::make_index_sequence<std::tuple_size_v<Tuple>>{});
    }
}

template <auto F>
std::string invoke_task(std::string_view bytes)
{
    using Traits = function_traits<decltype(F)>;
    static_assert(Traits::by_value_or_const_ref,
                  "a task's parameters must be values or const references: "
                  "it runs in another process and cannot write back into the caller's objects");
    using Args = typename Traits::args;
    Args args = [bytes] {
        if constexpr (std::tuple_size_v<Args> == 0)
            return Args{}; // no arguments: no stream to build
        else
            return load_arguments<Args>(bytes, std::make_index_sequence<std::tuple_size_v<Args>>{});
    }();
    if constexpr (std::is_void_v<typename Traits::result>) {
        std::apply(F, std::move(args));
        return {};
    } else {
        return to_bytes(std::apply(F, std::move(args)));
    }
}

/// Appends the encoding of a task's result to `out` (identical to to_bytes(value)).
template <class R>
void append_result(std::string& out, const R& value)
{
    if constexpr (raw_codec_v<R>)
        out.append(reinterpret_cast<const char*>(&value), sizeof value);
    else
        out += to_bytes(value);
}

template <auto F>
void invoke_task_into(std::string_view bytes, std::string& out)
{
    using Traits = function_traits<decltype(F)>;
    using Args = typename Traits::args;
    Args args = decode_arguments<Args>(bytes);
    if constexpr (std::is_void_v<typename Traits::result>)
        std::apply(F, std::move(args));
    else
        append_result(out, std::apply(F, std::move(args)));
}

template <auto F>
TaskEntry make_task_entry(const char* name) noexcept
{
    static_assert(is_function_pointer_v<decltype(F)>, "PROCLAB_TASK takes a plain function");
    return TaskEntry{name, reinterpret_cast<const void*>(F), &invoke_task<F>, &invoke_task_into<F>};
}

struct TaskRegistrar {
    explicit TaskRegistrar(const TaskEntry& entry) noexcept { register_task(entry); }
};

} // namespace proclab::detail

#define PROCLAB_DETAIL_CAT2(a, b) a##b
#define PROCLAB_DETAIL_CAT(a, b) PROCLAB_DETAIL_CAT2(a, b)

/// Registers the plain function `f` as a task named "f" (unique in the program).
// `f` is a function name, taken by address and stringized: it cannot be parenthesized.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define PROCLAB_TASK(f)                                                                                                \
    [[maybe_unused]] static const ::proclab::detail::TaskRegistrar PROCLAB_DETAIL_CAT(proclab_task_registrar_,         \
                                                                                      __COUNTER__)                     \
    {                                                                                                                  \
        ::proclab::detail::make_task_entry<&f>(#f)                                                                     \
    }
// NOLINTEND(bugprone-macro-parentheses)
