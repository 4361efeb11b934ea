// The lesson file parser: JSON syntax, the lesson's fields, and each step against its entry in
// the action table, with every problem at its line and column (see lesson_parser.h).
#include "lesson_parser.h"

#include "lesson_actions.h"
#include "lesson_schema.h"

#include <proclab/lessons/lesson_tasks.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>

namespace proclab::lessons::detail {

namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// Positions: nlohmann::json keeps none, so the (already valid) text is walked once more and the
// byte offset of every value is recorded under its JSON pointer ("/steps/3/action").

class Locator {
public:
    explicit Locator(std::string_view text)
        : m_text(text)
    {
        value("");
    }
    std::size_t at(const std::string& pointer) const
    {
        auto it = m_offsets.find(pointer);
        return it == m_offsets.end() ? 0 : it->second;
    }

private:
    void ws()
    {
        while (m_pos < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_pos])))
            ++m_pos;
    }
    std::string string()
    {
        std::string s;
        ++m_pos; // "
        while (m_pos < m_text.size() && m_text[m_pos] != '"') {
            if (m_text[m_pos] == '\\') {
                ++m_pos;
                if (m_pos < m_text.size() && m_text[m_pos] == 'u') {
                    m_pos += 5;
                    s += '?';
                    continue;
                }
            }
            if (m_pos < m_text.size())
                s += m_text[m_pos++];
        }
        ++m_pos;
        return s;
    }
    static std::string escape(const std::string& key)
    {
        std::string out;
        for (char c : key)
            out += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
        return out;
    }
    void value(const std::string& pointer)
    {
        ws();
        m_offsets[pointer] = m_pos;
        if (m_pos >= m_text.size())
            return;
        const char c = m_text[m_pos];
        if (c == '{' || c == '[') {
            const char close = c == '{' ? '}' : ']';
            ++m_pos;
            ws();
            for (int i = 0; m_pos < m_text.size() && m_text[m_pos] != close; ++i) {
                std::string key = std::to_string(i);
                if (c == '{') {
                    key = escape(string());
                    ws();
                    ++m_pos; // :
                }
                value(std::string(pointer).append("/").append(key));
                ws();
                if (m_pos < m_text.size() && m_text[m_pos] == ',')
                    ++m_pos;
                ws();
            }
            ++m_pos;
        } else if (c == '"') {
            string();
        } else {
            while (m_pos < m_text.size() && !std::strchr(",]} \t\r\n", m_text[m_pos]))
                ++m_pos;
        }
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
    std::map<std::string, std::size_t> m_offsets;
};

std::pair<int, int> line_column(std::string_view text, std::size_t offset)
{
    int line = 1, column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column; // columns count characters, not UTF-8 bytes
        }
    }
    return {line, column};
}

int count_lines(const std::string& code)
{
    if (code.empty())
        return 0;
    int n = int(std::count(code.begin(), code.end(), '\n'));
    return code.back() == '\n' ? n : n + 1;
}

class Parser {
public:
    Parser(std::string_view text, std::string path)
        : m_text(text)
        , m_path(std::move(path))
    {
    }

    Lesson run()
    {
        json doc;
        try {
            doc = json::parse(m_text);
        } catch (const json::parse_error& e) {
            // byte is the 1-based offset of the character that failed.
            std::string what = e.what();
            if (auto p = what.find("syntax error"); p != std::string::npos)
                what = what.substr(p);
            fail_at(e.byte > 0 ? e.byte - 1 : 0, "invalid JSON: " + what);
        }
        m_loc.emplace(m_text);
        if (!doc.is_object())
            fail("", "a lesson is a JSON object");

        Lesson l;
        l.path = m_path;
        l.id = fs::path(m_path).stem().string();
        if (doc.contains("id")) {
            expect(doc["id"], "/id", FieldType::String, "id");
            l.id = doc["id"].get<std::string>();
        }
        expect_required(doc, "", "number", FieldType::Int);
        l.number = doc["number"].get<int>();
        if (doc.contains("order")) {
            expect(doc["order"], "/order", FieldType::Int, "order");
            l.order = doc["order"].get<int>();
        }
        if (doc.contains("topic")) {
            expect(doc["topic"], "/topic", FieldType::String, "topic");
            l.topic = doc["topic"].get<std::string>();
        }
        for (const char* what : {"title", "explanation"}) {
            if (!doc.contains(what) || !doc[what].is_object())
                fail(doc.contains(what) ? std::string("/") + what : "",
                     std::string("'") + what + R"(' must be an object with "en" and "zh_CN" texts)");
            for (const char* lang : {"en", "zh_CN"}) {
                const std::string ptr = std::string("/") + what;
                if (!doc[what].contains(lang))
                    fail(ptr, std::string("missing ") + lang + " " + what);
                expect(doc[what][lang], ptr + "/" + lang, FieldType::String, std::string(what) + "." + lang);
                auto& t = l.text[lang];
                (std::string(what) == "title" ? t.title : t.explanation) = doc[what][lang].get<std::string>();
            }
        }
        if (doc.contains("requires")) {
            expect(doc["requires"], "/requires", FieldType::String, "requires");
            l.requires_feature = doc["requires"].get<std::string>();
        }
        if (doc.contains("goal"))
            l.goal = goal(doc["goal"]);
        l.python_code = code(doc, "python");
        if (doc.contains("cpp_file")) {
            expect(doc["cpp_file"], "/cpp_file", FieldType::String, "cpp_file");
            const fs::path file = fs::path(m_path).parent_path() / doc["cpp_file"].get<std::string>();
            std::ifstream in(file, std::ios::binary);
            if (!in)
                fail("/cpp_file", "cannot read the C++ program '" + file.string() + "'");
            std::ostringstream os;
            os << in.rdbuf();
            l.cpp_code = os.str();
            l.cpp_file = file.lexically_normal().string();
        } else {
            l.cpp_code = code(doc, "cpp");
        }
        if (!doc.contains("steps") || !doc["steps"].is_array())
            fail(doc.contains("steps") ? "/steps" : "", "'steps' must be a list of steps");
        const int py_lines = count_lines(l.python_code), cpp_lines = count_lines(l.cpp_code);
        for (std::size_t i = 0; i < doc["steps"].size(); ++i)
            l.steps.push_back(step(doc["steps"][i], "/steps/" + std::to_string(i), int(i) + 1, py_lines, cpp_lines));
        if (l.steps.empty())
            fail("/steps", "a lesson needs at least one step");
        if (doc.contains("points"))
            l.points = points(doc["points"], l, py_lines, cpp_lines);
        return l;
    }

private:
    static std::string unknown_operation(const std::string& op, const std::string& known)
    {
        return "unknown operation '" + op + "' (" + known + ")";
    }

    /// "points": where the lesson's tasks stop in scheduler mode. Each names a task a process of
    /// the lesson runs, an operation, the argument it is on, and lines within the code.
    std::vector<LessonPoint> points(const json& list, const Lesson& l, int py_lines, int cpp_lines)
    {
        if (!list.is_array())
            fail("/points", "'points' must be a list of {task, op, arg, py, cpp}");
        std::vector<LessonPoint> out;
        for (std::size_t i = 0; i < list.size(); ++i) {
            const std::string ptr = "/points/" + std::to_string(i);
            const json& j = list[i];
            if (!j.is_object())
                fail(ptr, "a point must be an object with task, op, py and cpp");
            LessonPoint p;
            expect_required(j, ptr, "task", FieldType::String);
            p.task = j["task"].get<std::string>();
            std::size_t args = 0;
            bool used = false;
            for (const LessonStep& s : l.steps)
                if (s.action == "process" && s.str("task") == p.task) {
                    used = true;
                    args = std::max(args, s.args.size());
                }
            if (!used)
                fail(ptr + "/task", "no process of the lesson runs task '" + p.task + "'");
            expect_required(j, ptr, "op", FieldType::String);
            const std::string op = j["op"].get<std::string>();
            std::string known;
            for (int k = int(SchedOp::Start); k <= int(SchedOp::Abort); ++k) {
                const auto candidate = static_cast<SchedOp>(k);
                if (!known.empty())
                    known += ", ";
                known += to_string(candidate);
                if (to_string(candidate) == op)
                    p.op = candidate;
            }
            if (p.op == SchedOp::None)
                fail(ptr + "/op", unknown_operation(op, known));
            if (j.contains("arg")) {
                expect(j["arg"], ptr + "/arg", FieldType::Int, "arg");
                p.arg = j["arg"].get<int>();
                if (p.arg < 0 || std::size_t(p.arg) >= args)
                    fail(ptr + "/arg", "task '" + p.task + "' is given " + std::to_string(args) +
                                           " argument(s): 'arg' must be from 0 to " + std::to_string(int(args) - 1));
            }
            for (const auto& [key, lines, target] :
                 {std::tuple{"py", py_lines, &p.py_line}, std::tuple{"cpp", cpp_lines, &p.cpp_line}}) {
                expect_required(j, ptr, key, FieldType::Int);
                *target = j[key].get<int>();
                if (*target < 1 || *target > lines)
                    fail(ptr + "/" + key, std::string("'") + key + "' must be a line of the " +
                                              (std::string(key) == "py" ? "Python" : "C++") + " code (1 to " +
                                              std::to_string(lines) + ")");
            }
            if (std::any_of(out.begin(), out.end(),
                            [&](const LessonPoint& q) { return q.task == p.task && q.op == p.op && q.arg == p.arg; }))
                fail(ptr, "a second point for task '" + p.task + "', " + op + " on the same argument");
            out.push_back(std::move(p));
        }
        return out;
    }

    LessonGoal goal(const json& g)
    {
        if (!g.is_object())
            fail("/goal", R"('goal' must be an object with "kind", "en" and "zh_CN")");
        LessonGoal out;
        expect_required(g, "/goal", "kind", FieldType::String);
        const std::string kind = g["kind"].get<std::string>();
        if (kind == "deadlock") {
            out.kind = LessonGoal::Kind::Deadlock;
        } else if (kind == "value_below") {
            out.kind = LessonGoal::Kind::ValueBelow;
            expect_required(g, "/goal", "value", FieldType::String);
            expect_required(g, "/goal", "below", FieldType::Int);
            out.value = g["value"].get<std::string>();
            out.below = g["below"].get<long long>();
        } else if (kind == "before") {
            out.kind = LessonGoal::Kind::Before;
            expect_required(g, "/goal", "first", FieldType::String);
            expect_required(g, "/goal", "then", FieldType::String);
            out.first = g["first"].get<std::string>();
            out.then = g["then"].get<std::string>();
        } else {
            fail("/goal/kind", "unknown goal kind '" + kind + "' (deadlock, value_below or before)");
        }
        for (const char* lang : {"en", "zh_CN"}) {
            if (!g.contains(lang))
                fail("/goal", std::string("missing ") + lang + " goal text");
            expect(g[lang], std::string("/goal/") + lang, FieldType::String, std::string("goal.") + lang);
            out.text[lang] = g[lang].get<std::string>();
        }
        return out;
    }

    /// An entry's checks of one step, failing at the step's fields.
    class Checker final : public StepChecker {
    public:
        Checker(Parser& parser, const std::string& ptr, const std::string& prefix, int index)
            : m_parser(parser)
            , m_ptr(ptr)
            , m_prefix(prefix)
            , m_index(index)
        {
        }
        int index() const override { return m_index; }
        [[noreturn]] void fail(const std::string& field, const std::string& message) override
        {
            m_parser.fail(field.empty() ? m_ptr : m_ptr + "/" + field, m_prefix + message);
        }
        void check_ref(const std::string& name, const char* kind, const std::string& field) override
        {
            m_parser.check_ref(name, kind, field.empty() ? m_ptr : m_ptr + "/" + field, m_prefix);
        }

    private:
        Parser& m_parser;
        const std::string& m_ptr;
        const std::string& m_prefix;
        int m_index;
    };

    static bool takes_args(TaskUse t)
    {
        return t == TaskUse::Process || t == TaskUse::PoolArgs || t == TaskUse::PoolIntArg;
    }

    [[noreturn]] void fail_at(std::size_t offset, const std::string& message)
    {
        const auto [line, column] = line_column(m_text, offset);
        throw LessonError(m_path, line, column, message);
    }
    [[noreturn]] void fail(const std::string& pointer, const std::string& message)
    {
        fail_at(m_loc ? m_loc->at(pointer) : 0, message);
    }
    void expect(const json& j, const std::string& ptr, FieldType t, const std::string& name)
    {
        if (!matches(j, t))
            fail(ptr, "'" + name + "' must be " + type_name(t) + ", not " + json_type(j));
    }
    void expect_required(const json& obj, const std::string& ptr, const char* key, FieldType t)
    {
        if (!obj.contains(key))
            fail(ptr, std::string("missing '") + key + "'");
        expect(obj[key], ptr + "/" + key, t, key);
    }
    std::string code(const json& doc, const char* key)
    {
        const std::string ptr = std::string("/") + key;
        if (!doc.contains(key))
            fail("", std::string("missing '") + key + "' (the code, a string or a list of lines)");
        const json& c = doc[key];
        if (c.is_string())
            return c.get<std::string>();
        if (!c.is_array())
            fail(ptr, std::string("'") + key + "' must be a string or a list of lines");
        std::string out;
        for (std::size_t i = 0; i < c.size(); ++i) {
            expect(c[i], ptr + "/" + std::to_string(i), FieldType::String, std::string(key) + " line");
            out += c[i].get<std::string>() + "\n";
        }
        return out;
    }

    /// `lenient`: a step field naming a queue may name a manager_queue too (get, put...); a task
    /// argument must be exactly the kind the task takes.
    void check_ref(const std::string& name, const char* kind, const std::string& ptr, const std::string& prefix,
                   bool lenient = true)
    {
        auto it = m_objects.find(name);
        if (it == m_objects.end())
            fail(ptr, prefix + "no " + kind + " named '" + name + "' was created by an earlier step");
        if (lenient && std::string(kind) == "queue" && it->second == "manager_queue")
            return;
        if (it->second != kind)
            fail(ptr, prefix + "'" + name + "' is a " + it->second + ", not a " + kind);
    }

    void check_args(const json& obj, const std::string& ptr, const std::string& prefix, const ActionEntry& entry,
                    const std::string& start_method)
    {
        const bool in_pool = entry.task != TaskUse::Process;
        const bool any_args = entry.task == TaskUse::PoolArgs || entry.task == TaskUse::PoolItems;
        const std::string task = obj["task"].get<std::string>();
        const lessons::TaskInfo* info = lessons::find_task_info(task);
        if (!info)
            fail(ptr + "/task", prefix + "unknown task '" + task + "'");
        if (in_pool && !info->pool)
            fail(ptr + "/task", prefix + "task '" + task + "' cannot run in a pool (pool tasks return an int)");
        const bool int_to_int = info->params.size() == 1 && info->params[0] == lessons::ArgKind::Int;
        const std::string action = obj["action"].get<std::string>();
        if (in_pool && !int_to_int && !any_args)
            fail(ptr + "/task", prefix + "task '" + task + "' takes " + std::to_string(info->params.size()) +
                                    " argument(s): '" + action +
                                    "' needs a task taking one int (use 'apply' or 'starmap')");
        if (info->fork_only && !start_method.empty() && start_method != "fork")
            fail(ptr + "/start_method",
                 prefix + "task '" + task + "' takes a pipe end: it runs with start_method fork only");
        if (entry.task == TaskUse::PoolItems) {
            if (!obj.contains("items"))
                fail(ptr, prefix + "'starmap' needs 'items' (a list of argument lists)");
            const json& items = obj["items"];
            if (!items.is_array() || items.empty())
                fail(ptr + "/items", prefix + "'items' must be a non-empty list of argument lists");
            for (std::size_t i = 0; i < items.size(); ++i) {
                const std::string iptr = ptr + "/items/" + std::to_string(i);
                if (!items[i].is_array())
                    fail(iptr, prefix + "item " + std::to_string(i + 1) + " must be a list of arguments, not " +
                                   json_type(items[i]));
                check_arg_list(items[i], iptr, iptr, prefix, task, *info);
            }
            return;
        }
        if (entry.task == TaskUse::PoolInts)
            return; // map/imap: the items are the arguments
        const json args = obj.contains("args") ? obj["args"] : json::array();
        if (!args.is_array())
            fail(ptr + "/args", prefix + "'args' must be a list");
        check_arg_list(args, obj.contains("args") ? ptr + "/args" : ptr, ptr + "/args", prefix, task, *info);
    }

    void check_arg_list(const json& args, const std::string& list_ptr, const std::string& args_ptr,
                        const std::string& prefix, const std::string& task, const lessons::TaskInfo& task_info)
    {
        const lessons::TaskInfo* info = &task_info;
        if (args.size() != info->params.size())
            fail(list_ptr, prefix + "task '" + task + "' takes " + std::to_string(info->params.size()) +
                               " argument(s), not " + std::to_string(args.size()));
        for (std::size_t i = 0; i < args.size(); ++i) {
            const json& a = args[i];
            const std::string aptr = args_ptr + "/" + std::to_string(i);
            const lessons::ArgKind k = info->params[i];
            std::string what = prefix;
            what.append("argument ").append(std::to_string(i + 1)).append(" of '").append(task).append("' must be ");
            const bool variable = a.is_string() && !a.get<std::string>().empty() && a.get<std::string>()[0] == '$';
            switch (k) {
            case lessons::ArgKind::Int:
                if (!a.is_number_integer() && !variable)
                    fail(aptr, what + "an integer, not " + json_type(a));
                if (variable)
                    check_ref(a.get<std::string>().substr(1), "variable", aptr, prefix);
                break;
            case lessons::ArgKind::Number:
                if (!a.is_number())
                    fail(aptr, what + "a number, not " + json_type(a));
                break;
            case lessons::ArgKind::String:
                if (!a.is_string())
                    fail(aptr, what + "a string, not " + json_type(a));
                break;
            case lessons::ArgKind::Now:
                if (a != "$now")
                    fail(aptr, what + "\"$now\" (the time of the step)");
                break;
            default: {
                const char* kind = k == lessons::ArgKind::Queue          ? "queue"
                                   : k == lessons::ArgKind::Lock         ? "lock"
                                   : k == lessons::ArgKind::Value        ? "value"
                                   : k == lessons::ArgKind::ManagerQueue ? "manager_queue"
                                   : k == lessons::ArgKind::ManagerLock  ? "manager_lock"
                                   : k == lessons::ArgKind::Condition    ? "condition"
                                   : k == lessons::ArgKind::Barrier      ? "barrier"
                                                                         : "pipe_end";
                if (!a.is_string())
                    fail(aptr, what + "the id of a " + kind + ", not " + json_type(a));
                check_ref(a.get<std::string>(), kind, aptr, prefix, false);
            }
            }
        }
    }

    LessonStep step(const json& obj, const std::string& ptr, int index, int py_lines, int cpp_lines)
    {
        const std::string prefix = "step " + std::to_string(index) + ": ";
        if (!obj.is_object())
            fail(ptr, prefix + "a step must be an object");
        LessonStep s;
        const auto [line, column] = line_column(m_text, m_loc->at(ptr));
        s.source_line = line;
        s.source_column = column;
        if (!obj.contains("action"))
            fail(ptr, prefix + "missing 'action'");
        if (!obj["action"].is_string())
            fail(ptr + "/action", prefix + "'action' must be a string");
        s.action = obj["action"].get<std::string>();
        const ActionEntry* entry = find_action(s.action);
        if (!entry)
            fail(ptr + "/action", prefix + "unknown action '" + s.action + "'");
        for (const char* key : {"py", "cpp"}) {
            if (!obj.contains(key))
                fail(ptr, prefix + "missing '" + key + "' (the line of the " + (key[0] == 'p' ? "Python" : "C++") +
                              " code this step shows)");
            if (!obj[key].is_number_integer())
                fail(ptr + "/" + key, prefix + "'" + key + "' must be a line number, not " + json_type(obj[key]));
            const int n = obj[key].get<int>();
            const int max = key[0] == 'p' ? py_lines : cpp_lines;
            if (n < 1 || n > max)
                fail(ptr + "/" + key, prefix + "'" + key + "' line " + std::to_string(n) + " is out of range (the " +
                                          (key[0] == 'p' ? "Python" : "C++") + " code has " + std::to_string(max) +
                                          " lines)");
            (key[0] == 'p' ? s.py_line : s.cpp_line) = n;
        }
        std::set<std::string> known = {"action", "py", "cpp", "expect_error", "note"};
        if (takes_args(entry->task))
            known.insert("args");
        if (entry->task == TaskUse::PoolItems)
            known.insert("items");
        for (const auto& f : entry->fields)
            known.insert(f.key);
        for (auto it = obj.begin(); it != obj.end(); ++it)
            if (!known.contains(it.key()))
                fail(ptr + "/" + it.key(), prefix + "'" + s.action + "' has no field '" + it.key() + "'");
        if (obj.contains("expect_error")) {
            expect(obj["expect_error"], ptr + "/expect_error", FieldType::Bool, "expect_error");
            s.fields["expect_error"] = obj["expect_error"].get<bool>();
        }
        std::vector<std::pair<std::string, const char*>> declares;
        for (const auto& f : entry->fields) {
            const std::string fptr = ptr + "/" + f.key;
            if (!obj.contains(f.key)) {
                if (f.required)
                    fail(ptr, prefix + "'" + s.action + "' needs '" + f.key + "'");
                continue;
            }
            const json& v = obj[f.key];
            if (!matches(v, f.type))
                fail(fptr, prefix + "'" + f.key + "' must be " + type_name(f.type) + ", not " + json_type(v));
            if (f.ref)
                check_ref(v.get<std::string>(), f.ref, fptr, prefix);
            if (f.declare)
                declares.emplace_back(v.get<std::string>(), f.declare);
            s.fields[f.key] = to_value(v);
        }
        if (entry->check) {
            Checker checker(*this, ptr, prefix, index);
            entry->check(s, checker);
        }
        if (s.has("start_method")) {
            const std::string m = s.str("start_method");
            if (m != "fork" && m != "spawn" && m != "forkserver")
                fail(ptr + "/start_method", prefix + "start_method must be fork, spawn or forkserver, not '" + m + "'");
        }
        if (entry->task != TaskUse::None)
            check_args(obj, ptr, prefix, *entry, s.str("start_method"));
        if (obj.contains("args"))
            for (const auto& a : obj["args"])
                s.args.push_back(to_value(a));
        if (obj.contains("items"))
            for (const auto& item : obj["items"]) {
                s.items.emplace_back();
                for (const auto& a : item)
                    s.items.back().push_back(to_value(a));
            }
        for (const auto& [name, kind] : declares) {
            if (std::string(kind) == "pipe_end" || std::string(kind) == "variable" || !m_objects.contains(name))
                m_objects[name] = kind;
            else
                fail(ptr + "/id",
                     std::string(prefix).append("'").append(name).append("' already names a ").append(m_objects[name]));
        }
        return s;
    }

    std::string_view m_text;
    std::string m_path;
    std::optional<Locator> m_loc;
    std::map<std::string, std::string> m_objects; // id -> kind, as declared so far
};

} // namespace

Lesson parse_lesson(std::string_view text, const std::string& path)
{
    return Parser(text, path).run();
}

} // namespace proclab::lessons::detail
