#pragma once
// Private: the vocabulary of a lesson file's fields (their JSON types, the object kinds they name
// or declare) and the JSON helpers shared by the parser and the action table.
#include <proclab/lessons/lesson.h>

#include <nlohmann/json.hpp>

#include <string>

namespace proclab::lessons::detail {

using nlohmann::json;
using proclab::to_string; // LessonValue's (lessons::to_string is ArgKind's)

enum class FieldType { String, Int, Number, Bool, IntList, Scalar };

/// One field of a step: its key, JSON type, whether it is required, and the object kind it names
/// (must exist) or declares (a new id), each nullptr when none.
struct FieldSpec {
    const char* key;
    FieldType type;
    bool required;
    const char* ref;
    const char* declare;
};

/// A required field of type `t`; an optional one.
constexpr FieldSpec need(const char* key, FieldType t)
{
    return {key, t, true, nullptr, nullptr};
}
constexpr FieldSpec may(const char* key, FieldType t)
{
    return {key, t, false, nullptr, nullptr};
}
/// A string field naming an object of `kind` that an earlier step made.
constexpr FieldSpec names(const char* key, const char* kind, bool required = true)
{
    return {key, FieldType::String, required, kind, nullptr};
}
/// A string field giving a new id to an object of `kind`.
constexpr FieldSpec declares(const char* key, const char* kind, bool required = true)
{
    return {key, FieldType::String, required, nullptr, kind};
}

/// "a string", "an integer", ...: what a field of type `t` must be, for messages.
const char* type_name(FieldType t);
/// "a string", "a list", "null", ...: what a JSON value is, for messages.
std::string json_type(const json& j);
/// Whether `j` is a value of type `t`.
bool matches(const json& j, FieldType t);
/// The LessonValue of a JSON scalar or list of integers (null otherwise).
LessonValue to_value(const json& j);

} // namespace proclab::lessons::detail
