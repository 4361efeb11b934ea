// The field vocabulary of lesson files: type names and JSON checks (see lesson_schema.h).
#include "lesson_schema.h"

#include <algorithm>
#include <utility>

namespace proclab::lessons::detail {

const char* type_name(FieldType t)
{
    static constexpr const char* names[] = {"a string",      "an integer",         "a number",
                                            "true or false", "a list of integers", "a string, number or boolean"};
    return names[static_cast<std::size_t>(t)];
}

std::string json_type(const json& j)
{
    // In this order: an integer is a number too.
    static constexpr std::pair<bool (json::*)() const noexcept, const char*> kinds[] = {
        {&json::is_string, "a string"}, {&json::is_number_integer, "an integer"},
        {&json::is_number, "a number"}, {&json::is_boolean, "a boolean"},
        {&json::is_array, "a list"},    {&json::is_object, "an object"}};
    for (const auto& [is, name] : kinds)
        if ((j.*is)())
            return name;
    return "null";
}

bool matches(const json& j, FieldType t)
{
    switch (t) {
    case FieldType::String:
        return j.is_string();
    case FieldType::Int:
        return j.is_number_integer();
    case FieldType::Number:
        return j.is_number();
    case FieldType::Bool:
        return j.is_boolean();
    case FieldType::IntList:
        return j.is_array() && std::all_of(j.begin(), j.end(), [](const json& x) { return x.is_number_integer(); });
    case FieldType::Scalar:
        return j.is_string() || j.is_number() || j.is_boolean();
    }
    return false;
}

LessonValue to_value(const json& j)
{
    if (j.is_boolean())
        return j.get<bool>();
    if (j.is_number_integer())
        return j.get<long long>();
    if (j.is_number())
        return j.get<double>();
    if (j.is_string())
        return j.get<std::string>();
    if (j.is_array())
        return j.get<std::vector<long long>>();
    return std::monostate{};
}

} // namespace proclab::lessons::detail
