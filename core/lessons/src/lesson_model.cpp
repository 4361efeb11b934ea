// The public model of <proclab/lessons/lesson.h>: steps' values and descriptions, a lesson's
// texts, and finding and loading lesson files (the checks are the parser's, lesson_parser.h).
#include <proclab/lessons/lesson.h>

#include "lesson_actions.h"
#include "lesson_parser.h"

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

namespace proclab {

namespace fs = std::filesystem;

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
    const lessons::detail::ActionEntry* entry = lessons::detail::find_action(action);
    return entry ? entry->describe(*this) : lessons::detail::describe_fields(*this);
}

namespace {

// The entry of a by-language map for `lang` ("zh", "zh-CN" and "zh_CN.UTF-8" mean zh_CN), else
// the English one, else `empty`.
template <class Text>
const Text& in_language(const std::map<std::string, Text>& texts, std::string_view lang, const Text& empty)
{
    std::string l(lang);
    if (l == "zh" || l == "zh-CN" || l == "zh_CN.UTF-8")
        l = "zh_CN";
    auto it = texts.find(l);
    if (it == texts.end())
        it = texts.find("en");
    return it == texts.end() ? empty : it->second;
}

} // namespace

const std::string& LessonGoal::text_for(std::string_view lang) const
{
    static const std::string empty;
    return in_language(text, lang, empty);
}

const LessonText& Lesson::text_for(std::string_view lang) const
{
    static const LessonText empty;
    return in_language(text, lang, empty);
}

const LessonPoint* Lesson::point(std::string_view task, SchedOp op, int arg) const
{
    for (const LessonPoint& p : points)
        if (p.task == task && p.op == op && p.arg == arg)
            return &p;
    return nullptr;
}

std::string Lesson::unavailable_reason() const
{
    if (requires_feature.empty() || requires_feature == "manager") // proclab::Manager exists now
        return {};
#if PROCLAB_LESSONS_MPI
    if (requires_feature == "mpi") // the Pool on MPI ranks (proclab::mpi) is built in
        return {};
#endif
    return "this lesson needs '" + requires_feature + "', which this build does not have";
}
namespace {

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

Lesson Lesson::parse(std::string_view json, const std::string& path)
{
    return lessons::detail::parse_lesson(json, path);
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

namespace {

/// Whether `path` is `dir` or inside it (both absolute, compared part by part).
bool within(const fs::path& path, const fs::path& dir)
{
    const fs::path inner = path.lexically_normal();
    auto p = inner.begin();
    for (const auto& part : dir.lexically_normal()) {
        if (part.empty()) // a trailing '/'
            break;
        if (p == inner.end() || *p != part)
            return false;
        ++p;
    }
    return true;
}

} // namespace

std::vector<std::string> Lesson::search_dirs()
{
    std::vector<std::string> dirs;
    if (const char* p = std::getenv("PROCLAB_LESSONS_PATH"); p && *p) {
        std::stringstream ss(p);
        for (std::string d; std::getline(ss, d, ':');)
            if (!d.empty())
                dirs.push_back(d);
    }
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    // An installed program (<prefix>/bin/...) reads <prefix>/share/proclab/lessons, wherever the
    // prefix is; a program of the build tree, which has none, reads the source tree's lessons.
    const fs::path installed = exe.parent_path().parent_path() / "share/proclab/lessons";
    if (!ec && fs::is_directory(installed, ec))
        dirs.push_back(installed.string());
#if defined(PROCLAB_SOURCE_LESSONS_DIR) && defined(PROCLAB_BUILD_DIR)
    else if (!exe.empty() && within(exe, PROCLAB_BUILD_DIR))
        dirs.emplace_back(PROCLAB_SOURCE_LESSONS_DIR);
#endif
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
    out.reserve(by_id.size());
    for (auto& [id, l] : by_id)
        out.push_back(std::move(l));
    // The beginner's path first (by "order"), then lessons without a place, by number.
    std::stable_sort(out.begin(), out.end(), [](const Lesson& a, const Lesson& b) {
        const auto key = [](const Lesson& l) { return std::make_pair(l.order > 0 ? l.order : INT_MAX, l.number); };
        return key(a) < key(b);
    });
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
