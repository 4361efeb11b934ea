// The lesson action table, gathered from its families, and what the families share (see
// lesson_actions.h).
#include "lesson_actions.h"

#include <proclab/lessons/lesson_tasks.h>
#include <proclab/session.h>

#include <algorithm>

namespace proclab::lessons::detail {

const std::vector<ActionEntry>& actions()
{
    static const std::vector<ActionEntry> table = [] {
        std::vector<ActionEntry> all;
        for (auto family : {process_actions, channel_actions, sync_actions, pool_actions})
            for (auto& entry : family())
                all.push_back(std::move(entry));
        return all;
    }();
    return table;
}

const ActionEntry* find_action(std::string_view name)
{
    const auto& table = actions();
    const auto it = std::find_if(table.begin(), table.end(), [name](const ActionEntry& e) { return e.name == name; });
    return it == table.end() ? nullptr : &*it;
}

std::string describe_fields(const LessonStep& s)
{
    std::string d = s.action;
    for (const char* key : {"id", "process", "queue", "result", "iter", "pool", "end", "value", "pid"})
        if (s.has(key))
            d += " " + (std::string(key) == "value" ? to_string(s.fields.at(key)) : s.str(key));
    if (s.has("daemon"))
        d += std::string(" daemon=") + (s.flag("daemon") ? "true" : "false");
    if (s.has("timeout"))
        d += " (timeout " + to_string(s.fields.at("timeout")) + " s)";
    if (s.flag("until_empty"))
        d += " until empty";
    if (s.has("maxsize"))
        d += " maxsize=" + s.str("maxsize");
    if (s.has("parties"))
        d += " parties=" + s.str("parties");
    if (s.has("processes"))
        d += " processes=" + s.str("processes");
    return d;
}

std::string args_text(const std::vector<LessonValue>& args)
{
    std::string s = "(";
    for (std::size_t i = 0; i < args.size(); ++i)
        s += (i ? ", " : "") + to_string(args[i]);
    return s + ")";
}

std::string raw_text(const LessonValue& v)
{
    return std::holds_alternative<std::string>(v) ? std::get<std::string>(v) : to_string(v);
}

std::chrono::milliseconds scaled_ms(double seconds)
{
    return std::chrono::milliseconds(static_cast<long long>(seconds * 1000.0 / speed()));
}

std::string py_bool(bool b)
{
    return b ? "True" : "False";
}

std::string exit_text(const std::optional<int>& rc)
{
    return rc ? describe_exitcode(*rc) : std::string("None");
}

std::string join_list(const std::vector<int>& xs)
{
    std::string s = "[";
    for (std::size_t i = 0; i < xs.size(); ++i)
        s += (i ? ", " : "") + std::to_string(xs[i]);
    return s + "]";
}

} // namespace proclab::lessons::detail
