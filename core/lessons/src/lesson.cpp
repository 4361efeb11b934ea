// Lesson files: loading and validation (see proclab/lesson.h).
#include <proclab/lessons/lesson.h>
#include <proclab/lessons/lesson_tasks.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unistd.h>

namespace proclab {

namespace fs = std::filesystem;
using nlohmann::json;

LessonError::LessonError(std::string file, int line, int column, std::string message)
    : Error(file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message)
    , m_file(std::move(file))
    , m_line(line)
    , m_column(column)
    , m_message(std::move(message))
{
}

std::string to_string(const LessonValue& v)
{
    struct V {
        std::string operator()(std::monostate) const { return "null"; }
        std::string operator()(bool b) const { return b ? "true" : "false"; }
        std::string operator()(long long i) const { return std::to_string(i); }
        std::string operator()(double d) const
        {
            std::ostringstream os;
            os << d;
            return os.str();
        }
        std::string operator()(const std::string& s) const { return "'" + s + "'"; }
        std::string operator()(const std::vector<long long>& xs) const
        {
            std::string s = "[";
            for (std::size_t i = 0; i < xs.size(); ++i)
                s += (i ? ", " : "") + std::to_string(xs[i]);
            return s + "]";
        }
    };
    return std::visit(V{}, v);
}

std::string LessonStep::str(const std::string& key, const std::string& fallback) const
{
    auto it = fields.find(key);
    if (it == fields.end())
        return fallback;
    if (const auto* s = std::get_if<std::string>(&it->second))
        return *s;
    return to_string(it->second);
}

long long LessonStep::integer(const std::string& key, long long fallback) const
{
    auto it = fields.find(key);
    if (it != fields.end())
        if (const auto* i = std::get_if<long long>(&it->second))
            return *i;
    return fallback;
}

double LessonStep::number(const std::string& key, double fallback) const
{
    auto it = fields.find(key);
    if (it == fields.end())
        return fallback;
    if (const auto* i = std::get_if<long long>(&it->second))
        return double(*i);
    if (const auto* d = std::get_if<double>(&it->second))
        return *d;
    return fallback;
}

bool LessonStep::flag(const std::string& key, bool fallback) const
{
    auto it = fields.find(key);
    if (it != fields.end())
        if (const auto* b = std::get_if<bool>(&it->second))
            return *b;
    return fallback;
}

std::string LessonStep::describe() const
{
    auto args_text = [this] {
        std::string s = "(";
        for (std::size_t i = 0; i < args.size(); ++i)
            s += (i ? ", " : "") + to_string(args[i]);
        return s + ")";
    };
    std::string d = action;
    if (action == "process") {
        d += " " + str("id") + " = " + str("task") + args_text();
        if (has("name"))
            d += " name=" + str("name");
        if (flag("daemon"))
            d += " daemon";
        if (has("start_method"))
            d += " start_method=" + str("start_method");
        return d;
    }
    if (action == "command")
        return d + " " + str("id") + " = `" + str("command") + "`";
    if (action == "print")
        return d + " \"" + str("text") + "\"";
    if (action == "sleep")
        return d + " " + to_string(fields.at("seconds")) + " s";
    if (action == "starmap") {
        d += " " + str("pool") + "." + str("task") + "(";
        for (std::size_t i = 0; i < items.size(); ++i) {
            d += i ? ", (" : "(";
            for (std::size_t k = 0; k < items[i].size(); ++k)
                d += (k ? ", " : "") + (std::holds_alternative<std::string>(items[i][k])
                                            ? std::get<std::string>(items[i][k])
                                            : to_string(items[i][k]));
            d += ")";
        }
        return d + ")";
    }
    if (action == "apply" || action == "apply_async" || action == "map" || action == "map_async" || action == "imap") {
        d += " " + str("pool") + "." + str("task");
        d += (action.find("map") != std::string::npos) ? "(" + str("xs") + ")" : args_text();
        if (has("chunksize"))
            d += " chunksize=" + str("chunksize");
        if (has("id"))
            d += " -> " + str("id");
        return d;
    }
    if (action == "manager_queue" || action == "manager_lock")
        return d + " " + str("id") + " = " + str("manager") + (action == "manager_queue" ? ".Queue()" : ".Lock()");
    for (const char* key : {"id", "process", "queue", "result", "iter", "pool", "end", "value", "pid"})
        if (has(key))
            d += " " + (std::string(key) == "value" && action != "print" ? to_string(fields.at(key)) : str(key));
    if (has("daemon"))
        d += std::string(" daemon=") + (flag("daemon") ? "true" : "false");
    if (has("timeout"))
        d += " (timeout " + to_string(fields.at("timeout")) + " s)";
    if (flag("until_empty"))
        d += " until empty";
    if (has("maxsize"))
        d += " maxsize=" + str("maxsize");
    if (has("processes"))
        d += " processes=" + str("processes");
    return d;
}

const LessonText& Lesson::text_for(std::string_view lang) const
{
    std::string l(lang);
    if (l == "zh" || l == "zh-CN" || l == "zh_CN.UTF-8")
        l = "zh_CN";
    auto it = text.find(l);
    if (it == text.end())
        it = text.find("en");
    static const LessonText empty;
    return it == text.end() ? empty : it->second;
}

std::string Lesson::unavailable_reason() const
{
    if (requires_feature.empty() || requires_feature == "manager") // proclab::Manager exists now
        return {};
    return "this lesson needs '" + requires_feature + "', which this build does not have";
}

namespace {

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
        if (c == '{') {
            ++m_pos;
            ws();
            while (m_pos < m_text.size() && m_text[m_pos] != '}') {
                const std::string key = string();
                ws();
                ++m_pos; // :
                value(pointer + "/" + escape(key));
                ws();
                if (m_pos < m_text.size() && m_text[m_pos] == ',')
                    ++m_pos;
                ws();
            }
            ++m_pos;
        } else if (c == '[') {
            ++m_pos;
            ws();
            for (int i = 0; m_pos < m_text.size() && m_text[m_pos] != ']'; ++i) {
                value(pointer + "/" + std::to_string(i));
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

// ---------------------------------------------------------------------------------------------
// The step vocabulary.

enum class FieldType { String, Int, Number, Bool, IntList, Scalar };

struct FieldSpec {
    const char* key;
    FieldType type;
    bool required;
    const char* ref;     // object kind this field names (must exist), or nullptr
    const char* declare; // object kind this field declares, or nullptr
};

struct ActionSpec {
    const char* action;
    std::vector<FieldSpec> fields;
    bool takes_task = false; // "task" + "args"
    bool pool_task = false;
};

constexpr FieldType S = FieldType::String, I = FieldType::Int, N = FieldType::Number, B = FieldType::Bool,
                    L = FieldType::IntList, X = FieldType::Scalar;

const std::vector<ActionSpec>& actions()
{
    static const std::vector<ActionSpec> specs = {
        {"process",
         {{"id", S, true, nullptr, "process"},
          {"task", S, true, nullptr, nullptr},
          {"name", S, false, nullptr, nullptr},
          {"daemon", B, false, nullptr, nullptr},
          {"start_method", S, false, nullptr, nullptr}},
         true},
        {"command",
         {{"id", S, true, nullptr, "process"},
          {"command", S, true, nullptr, nullptr},
          {"name", S, false, nullptr, nullptr}}},
        {"start", {{"process", S, true, "process", nullptr}}},
        {"join", {{"process", S, true, "process", nullptr}, {"timeout", N, false, nullptr, nullptr}}},
        {"terminate", {{"process", S, true, "process", nullptr}}},
        {"kill", {{"process", S, true, "process", nullptr}}},
        {"kill_tree", {{"process", S, true, "process", nullptr}}},
        {"set_daemon", {{"process", S, true, "process", nullptr}, {"daemon", B, true, nullptr, nullptr}}},
        {"is_alive", {{"process", S, true, "process", nullptr}}},
        {"show", {{"process", S, true, "process", nullptr}}},
        {"active_children", {}},
        {"show_pid", {{"pid", S, true, nullptr, nullptr}}},
        {"queue", {{"id", S, true, nullptr, "queue"}, {"maxsize", I, false, nullptr, nullptr}}},
        {"put",
         {{"queue", S, true, "queue", nullptr},
          {"value", X, true, nullptr, nullptr},
          {"timeout", N, false, nullptr, nullptr}}},
        {"put_nowait", {{"queue", S, true, "queue", nullptr}, {"value", X, true, nullptr, nullptr}}},
        {"get",
         {{"queue", S, false, "queue", nullptr},
          {"result", S, false, "result", nullptr},
          {"timeout", N, false, nullptr, nullptr},
          {"into", S, false, nullptr, "variable"},
          {"count", I, false, nullptr, nullptr},
          {"until_empty", B, false, nullptr, nullptr}}},
        {"get_nowait", {{"queue", S, true, "queue", nullptr}}},
        {"pipe",
         {{"a", S, true, nullptr, "pipe_end"},
          {"b", S, true, nullptr, "pipe_end"},
          {"duplex", B, false, nullptr, nullptr}}},
        {"send", {{"end", S, true, "pipe_end", nullptr}, {"value", X, true, nullptr, nullptr}}},
        {"recv",
         {{"end", S, true, "pipe_end", nullptr},
          {"count", I, false, nullptr, nullptr},
          {"timeout", N, false, nullptr, nullptr}}},
        {"lock", {{"id", S, true, nullptr, "lock"}}},
        {"manager", {{"id", S, true, nullptr, "manager"}}},
        {"manager_queue", {{"id", S, true, nullptr, "manager_queue"}, {"manager", S, true, "manager", nullptr}}},
        {"manager_lock", {{"id", S, true, nullptr, "manager_lock"}, {"manager", S, true, "manager", nullptr}}},
        {"value", {{"id", S, true, nullptr, "value"}, {"initial", I, false, nullptr, nullptr}}},
        {"pool",
         {{"id", S, true, nullptr, "pool"},
          {"processes", I, false, nullptr, nullptr},
          {"maxtasksperchild", I, false, nullptr, nullptr}}},
        {"apply", {{"pool", S, true, "pool", nullptr}, {"task", S, true, nullptr, nullptr}}, true, true},
        {"apply_async",
         {{"pool", S, true, "pool", nullptr}, {"task", S, true, nullptr, nullptr}, {"id", S, true, nullptr, "result"}},
         true,
         true},
        {"starmap", {{"pool", S, true, "pool", nullptr}, {"task", S, true, nullptr, nullptr}}, false, true},
        {"map",
         {{"pool", S, true, "pool", nullptr},
          {"task", S, true, nullptr, nullptr},
          {"xs", L, true, nullptr, nullptr},
          {"chunksize", I, false, nullptr, nullptr}},
         false,
         true},
        {"map_async",
         {{"pool", S, true, "pool", nullptr},
          {"task", S, true, nullptr, nullptr},
          {"xs", L, true, nullptr, nullptr},
          {"chunksize", I, false, nullptr, nullptr},
          {"id", S, true, nullptr, "result"}},
         false,
         true},
        {"imap",
         {{"pool", S, true, "pool", nullptr},
          {"task", S, true, nullptr, nullptr},
          {"xs", L, true, nullptr, nullptr},
          {"chunksize", I, false, nullptr, nullptr},
          {"id", S, true, nullptr, "iter"}},
         false,
         true},
        {"next",
         {{"iter", S, true, "iter", nullptr},
          {"timeout", N, false, nullptr, nullptr},
          {"until_exhausted", B, false, nullptr, nullptr}}},
        {"pool_close", {{"pool", S, true, "pool", nullptr}}},
        {"pool_terminate", {{"pool", S, true, "pool", nullptr}}},
        {"pool_join", {{"pool", S, true, "pool", nullptr}}},
        {"print", {{"text", S, false, nullptr, nullptr}, {"value", S, false, "value", nullptr}}},
        {"sleep", {{"seconds", N, true, nullptr, nullptr}}},
        {"exit", {}},
    };
    return specs;
}

const ActionSpec* find_action(const std::string& name)
{
    for (const auto& a : actions())
        if (name == a.action)
            return &a;
    return nullptr;
}

const char* type_name(FieldType t)
{
    switch (t) {
    case FieldType::String:
        return "a string";
    case FieldType::Int:
        return "an integer";
    case FieldType::Number:
        return "a number";
    case FieldType::Bool:
        return "true or false";
    case FieldType::IntList:
        return "a list of integers";
    case FieldType::Scalar:
        return "a string, number or boolean";
    }
    return "?";
}

std::string json_type(const json& j)
{
    if (j.is_string())
        return "a string";
    if (j.is_number_integer())
        return "an integer";
    if (j.is_number())
        return "a number";
    if (j.is_boolean())
        return "a boolean";
    if (j.is_array())
        return "a list";
    if (j.is_object())
        return "an object";
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
        if (doc.contains("topic")) {
            expect(doc["topic"], "/topic", FieldType::String, "topic");
            l.topic = doc["topic"].get<std::string>();
        }
        for (const char* what : {"title", "explanation"}) {
            if (!doc.contains(what) || !doc[what].is_object())
                fail(doc.contains(what) ? std::string("/") + what : "",
                     std::string("'") + what + "' must be an object with \"en\" and \"zh_CN\" texts");
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
        return l;
    }

private:
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

    void check_args(const json& obj, const std::string& ptr, const std::string& prefix, const ActionSpec& spec,
                    const std::string& start_method)
    {
        const std::string task = obj["task"].get<std::string>();
        const lessons::TaskInfo* info = lessons::find_task_info(task);
        if (!info)
            fail(ptr + "/task", prefix + "unknown task '" + task + "'");
        if (spec.pool_task && !info->pool)
            fail(ptr + "/task", prefix + "task '" + task + "' cannot run in a pool (pool tasks return an int)");
        const bool int_to_int = info->params.size() == 1 && info->params[0] == lessons::ArgKind::Int;
        const std::string action = obj["action"].get<std::string>();
        if (spec.pool_task && !int_to_int && action != "apply" && action != "starmap")
            fail(ptr + "/task", prefix + "task '" + task + "' takes " + std::to_string(info->params.size()) +
                                    " argument(s): '" + action +
                                    "' needs a task taking one int (use 'apply' or 'starmap')");
        if (info->fork_only && !start_method.empty() && start_method != "fork")
            fail(ptr + "/start_method",
                 prefix + "task '" + task + "' takes a pipe end: it runs with start_method fork only");
        if (action == "starmap") {
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
        if (!spec.takes_task)
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
            const std::string what = prefix + "argument " + std::to_string(i + 1) + " of '" + task + "' must be ";
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
        const ActionSpec* spec = find_action(s.action);
        if (!spec)
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
        if (spec->takes_task)
            known.insert("args");
        if (s.action == "starmap")
            known.insert("items");
        for (const auto& f : spec->fields)
            known.insert(f.key);
        for (auto it = obj.begin(); it != obj.end(); ++it)
            if (!known.count(it.key()))
                fail(ptr + "/" + it.key(), prefix + "'" + s.action + "' has no field '" + it.key() + "'");
        if (obj.contains("expect_error")) {
            expect(obj["expect_error"], ptr + "/expect_error", FieldType::Bool, "expect_error");
            s.fields["expect_error"] = obj["expect_error"].get<bool>();
        }
        std::vector<std::pair<std::string, const char*>> declares;
        for (const auto& f : spec->fields) {
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
        if (s.action == "get" && (s.has("queue") == s.has("result")))
            fail(ptr, prefix + "'get' needs either 'queue' or 'result'");
        if (s.action == "get" && s.flag("until_empty") && (s.has("count") || !s.has("queue")))
            fail(ptr + "/until_empty", prefix + "'until_empty' gets from a 'queue' until it is empty (no 'count')");
        if (s.action == "print" && !s.has("text") && !s.has("value"))
            fail(ptr, prefix + "'print' needs 'text' or 'value'");
        for (std::size_t at = 0; s.action == "print" && (at = s.str("text").find("{since:", at)) != std::string::npos;
             ++at) {
            const long n = std::atol(s.str("text").c_str() + at + 7);
            if (n < 1 || n > index)
                fail(ptr + "/text", prefix + "{since:" + std::to_string(n) + "} must name this or an earlier step");
        }
        if (s.has("start_method")) {
            const std::string m = s.str("start_method");
            if (m != "fork" && m != "spawn" && m != "forkserver")
                fail(ptr + "/start_method", prefix + "start_method must be fork, spawn or forkserver, not '" + m + "'");
        }
        if (s.action == "show_pid") {
            const std::string v = s.str("pid");
            if (v.size() < 2 || v[0] != '$')
                fail(ptr + "/pid", prefix + "'pid' must name a variable, as \"$gc\"");
            check_ref(v.substr(1), "variable", ptr + "/pid", prefix);
        }
        if (spec->takes_task || spec->pool_task)
            check_args(obj, ptr, prefix, *spec, s.str("start_method"));
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
            if (std::string(kind) == "pipe_end" || std::string(kind) == "variable" || !m_objects.count(name))
                m_objects[name] = kind;
            else
                fail(ptr + "/id", prefix + "'" + name + "' already names a " + m_objects[name]);
        }
        return s;
    }

    std::string_view m_text;
    std::string m_path;
    std::optional<Locator> m_loc;
    std::map<std::string, std::string> m_objects; // id -> kind, as declared so far
};

std::string read_text(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error("cannot read lesson file '" + path + "'");
    std::ostringstream os;
    os << in.rdbuf();
    return os.str();
}

} // namespace

Lesson Lesson::parse(std::string_view text, const std::string& path)
{
    return Parser(text, path).run();
}

Lesson Lesson::load(const std::string& path)
{
    return parse(read_text(path), path);
}

std::vector<Lesson> Lesson::load_dir(const std::string& dir, std::vector<LessonError>* errors)
{
    std::vector<std::string> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.path().extension() == ".json")
            files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    std::vector<Lesson> out;
    for (const auto& f : files) {
        try {
            out.push_back(load(f));
        } catch (const LessonError& e) {
            if (errors)
                errors->push_back(e);
        }
    }
    return out;
}

std::string Lesson::user_dir()
{
    if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x)
        return std::string(x) + "/proclab/lessons";
    const char* home = std::getenv("HOME");
    return std::string(home ? home : ".") + "/.local/share/proclab/lessons";
}

std::vector<std::string> Lesson::search_dirs()
{
    std::vector<std::string> dirs;
    if (const char* p = std::getenv("PROCLAB_LESSONS_PATH"); p && *p) {
        std::stringstream ss(p);
        for (std::string d; std::getline(ss, d, ':');)
            if (!d.empty())
                dirs.push_back(d);
    }
#ifdef PROCLAB_SOURCE_LESSONS_DIR
    dirs.push_back(PROCLAB_SOURCE_LESSONS_DIR);
#endif
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec)
        dirs.push_back((exe.parent_path().parent_path() / "share/proclab/lessons").string());
    dirs.push_back(user_dir());
    std::vector<std::string> existing;
    for (const auto& d : dirs)
        if (fs::is_directory(d, ec) && std::find(existing.begin(), existing.end(), d) == existing.end())
            existing.push_back(d);
    return existing;
}

std::vector<Lesson> Lesson::load_all(std::vector<LessonError>* errors)
{
    std::map<std::string, Lesson> by_id;
    for (const auto& d : search_dirs())
        for (auto& l : load_dir(d, errors))
            by_id.insert_or_assign(l.id, std::move(l));
    std::vector<Lesson> out;
    for (auto& [id, l] : by_id)
        out.push_back(std::move(l));
    std::stable_sort(out.begin(), out.end(), [](const Lesson& a, const Lesson& b) { return a.number < b.number; });
    return out;
}

Lesson Lesson::find(const std::string& name)
{
    std::error_code ec;
    if (fs::is_regular_file(name, ec))
        return load(name);
    const bool numeric = !name.empty() && std::all_of(name.begin(), name.end(), ::isdigit);
    // Search files by name first, so that one bad lesson elsewhere does not hide the one asked for.
    for (const auto& d : search_dirs()) {
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(d, ec))
            if (e.path().extension() == ".json")
                files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            const std::string stem = f.stem().string();
            const auto us = stem.find('_');
            const std::string num = stem.substr(0, us), slug = us == std::string::npos ? "" : stem.substr(us + 1);
            if (stem == name || slug == name ||
                (numeric && !num.empty() && std::all_of(num.begin(), num.end(), ::isdigit) &&
                 std::stoi(num) == std::stoi(name)))
                return load(f.string());
        }
    }
    throw Error("no lesson '" + name +
                "' (a file, an id such as 02_start_join, a number or a slug; see `proclab-cli lessons`)");
}

} // namespace proclab
