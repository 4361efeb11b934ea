// The task registry (PROCLAB_TASK, detail::find_task, invoke) and argument serialization
// (proclab::to_bytes / from_bytes, cereal): what makes a task runnable in another process.

#include "test_main.h"
#include "test_support.h"

#include <QTest>

#include <array>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>
#include <unordered_map>
#include <variant>
#include <vector>

using namespace std::chrono_literals;
using proclab::detail::find_task;

/// find_task by name. (A string literal passed to find_task() directly picks the address overload:
/// const char* -> const void* beats const char* -> std::string_view.)
static const proclab::detail::TaskEntry* by_name(std::string_view name)
{
    return find_task(name);
}

namespace {

struct Point {
    int x = 0;
    double y = 0;
    std::string label;
    template <class Archive>
    void serialize(Archive& ar)
    {
        ar(x, y, label);
    }
    bool operator==(const Point&) const = default;
};

struct Shape {
    std::string name;
    std::vector<Point> points;
    std::map<int, std::string> labels;
    std::optional<Point> centre;
    template <class Archive>
    void serialize(Archive& ar)
    {
        ar(name, points, labels, centre);
    }
    bool operator==(const Shape&) const = default;
};

int square(int x)
{
    return x * x;
}

std::string concat(const std::string& a, int n)
{
    std::string out;
    for (int i = 0; i < n; ++i)
        out += a;
    return out;
}

int g_void_calls = 0;
void count_call()
{
    ++g_void_calls;
}

Shape move_shape(const Shape& s, int dx)
{
    Shape out = s;
    for (Point& p : out.points)
        p.x += dx;
    return out;
}

std::map<std::string, int> word_lengths(const std::vector<std::string>& words)
{
    std::map<std::string, int> out;
    for (const auto& w : words)
        out[w] = int(w.size());
    return out;
}

std::optional<int> maybe_half(std::optional<int> v)
{
    if (!v || *v % 2)
        return std::nullopt;
    return *v / 2;
}

int noexcept_task(int x) noexcept
{
    return x + 1;
}

void throws_invalid_argument(const std::string& message)
{
    throw std::invalid_argument(message);
}

int not_registered(int x)
{
    return x;
}

int registered_at_run_time(int x)
{
    return -x;
}

} // namespace

PROCLAB_TASK(square);
PROCLAB_TASK(concat);
PROCLAB_TASK(count_call);
PROCLAB_TASK(move_shape);
PROCLAB_TASK(word_lengths);
PROCLAB_TASK(maybe_half);
PROCLAB_TASK(noexcept_task);
PROCLAB_TASK(throws_invalid_argument);

// Two tasks that share the name "twin": the name finds neither, each address finds its own.
namespace first {
int twin(int x)
{
    return x + 1;
}
PROCLAB_TASK(twin);
} // namespace first
namespace second {
int twin(int x)
{
    return x + 2;
}
PROCLAB_TASK(twin);
} // namespace second

Q_DECLARE_METATYPE(std::function<QString()>)

namespace {

/// Serializes `value`, reads it back into a fresh object, compares. Empty on success.
template <class T>
std::function<QString()> round_trip(T value)
{
    return [value] {
        const std::string bytes = proclab::to_bytes(value);
        T back{};
        try {
            proclab::from_bytes(bytes, back);
        } catch (const std::exception& e) {
            return QStringLiteral("from_bytes threw: ") + QString::fromUtf8(e.what());
        }
        return back == value ? QString() : QStringLiteral("the value read back differs");
    };
}

template <class R, class... A>
R call_through_registry(const char* name, const A&... args)
{
    const auto* entry = by_name(name);
    if (!entry)
        throw std::logic_error(std::string("no task ") + name);
    const std::string result = entry->invoke(proclab::to_bytes(std::tuple<A...>(args...)));
    R r{};
    proclab::from_bytes(result, r);
    return r;
}

} // namespace

class TestTaskRegistry : public LeakCheckedTest {
    Q_OBJECT

private slots:

    // -- lookup -------------------------------------------------------------------------------

    void findByName_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<quintptr>("address");
        QTest::newRow("square") << QStringLiteral("square") << quintptr(&square);
        QTest::newRow("concat") << QStringLiteral("concat") << quintptr(&concat);
        QTest::newRow("void task") << QStringLiteral("count_call") << quintptr(&count_call);
        QTest::newRow("struct task") << QStringLiteral("move_shape") << quintptr(&move_shape);
        QTest::newRow("noexcept task") << QStringLiteral("noexcept_task") << quintptr(&noexcept_task);
    }
    void findByName()
    {
        QFETCH(QString, name);
        QFETCH(quintptr, address);
        const std::string n = name.toStdString();
        const auto* entry = find_task(n);
        QVERIFY(entry);
        QCOMPARE(std::string(entry->name), n);
        QCOMPARE(quintptr(entry->address), address);
        QVERIFY(entry->invoke);
        // The same task by address.
        const auto* same = find_task(reinterpret_cast<const void*>(address));
        QVERIFY(same);
        QCOMPARE(std::string(same->name), n);
        QCOMPARE(same->address, entry->address);
        QVERIFY(same->invoke == entry->invoke);
    }

    void unknownTasks()
    {
        QVERIFY(!by_name("no_such_task"));
        QVERIFY(!find_task(std::string_view()));
        QVERIFY(!by_name("squar"));   // no prefix match
        QVERIFY(!by_name("square ")); // no trimming
        QVERIFY(!find_task(reinterpret_cast<const void*>(&not_registered)));
        QVERIFY(!find_task(static_cast<const void*>(nullptr)));
    }

    /// Two tasks named "twin": the name finds neither (a spawned child could not tell them apart),
    /// so neither can start under Spawn; Fork still runs each by its function pointer.
    void ambiguousName()
    {
        QVERIFY(!by_name("twin"));
        proclab::Process spawned(first::twin, 1);
        spawned.set_start_method(proclab::StartMethod::Spawn);
        QString message;
        try {
            spawned.start();
        } catch (const proclab::ProcessError& e) {
            message = QString::fromUtf8(e.what());
        }
        QVERIFY2(!message.isEmpty(), "start() of an ambiguous task under Spawn did not throw");
        ptest::ChildGuard guard(spawned);

        proclab::Process forked(second::twin, 1);
        ptest::ChildGuard guardForked(forked);
        PTEST_NOTHROW(forked.start());
        QVERIFY(forked.join(30s));
        QCOMPARE(forked.exitcode(), std::optional<int>(0));
    }

    void registerAtRunTime()
    {
        QVERIFY(!by_name("registered_at_run_time"));
        proclab::detail::register_task(
            proclab::detail::make_task_entry<&registered_at_run_time>("registered_at_run_time"));
        const auto* entry = by_name("registered_at_run_time");
        QVERIFY(entry);
        QCOMPARE(entry->address, reinterpret_cast<const void*>(&registered_at_run_time));
        QCOMPARE(call_through_registry<int>("registered_at_run_time", 5), -5);
    }

    // -- invoke -------------------------------------------------------------------------------

    void invoke()
    {
        QCOMPARE(call_through_registry<int>("square", 7), 49);
        QCOMPARE(call_through_registry<int>("square", -3), 9);
        QCOMPARE(call_through_registry<std::string>("concat", std::string("ab"), 3), std::string("ababab"));
        QCOMPARE(call_through_registry<int>("noexcept_task", 41), 42);

        const Shape s{"tri", {{0, 0.5, "a"}, {1, 1.5, "b"}}, {{1, "one"}}, Point{9, 9, "c"}};
        Shape moved = s;
        for (Point& p : moved.points)
            p.x += 10;
        QVERIFY(call_through_registry<Shape>("move_shape", s, 10) == moved);

        const std::vector<std::string> words{"a", "bb", "", "dddd"};
        const std::map<std::string, int> lengths{{"", 0}, {"a", 1}, {"bb", 2}, {"dddd", 4}};
        using Lengths = std::map<std::string, int>;
        QVERIFY(call_through_registry<Lengths>("word_lengths", words) == lengths);

        QCOMPARE(call_through_registry<std::optional<int>>("maybe_half", std::optional<int>(8)), std::optional<int>(4));
        QCOMPARE(call_through_registry<std::optional<int>>("maybe_half", std::optional<int>(7)), std::optional<int>());
        QCOMPARE(call_through_registry<std::optional<int>>("maybe_half", std::optional<int>()), std::optional<int>());
    }

    void invokeVoidTask()
    {
        const auto* entry = by_name("count_call");
        QVERIFY(entry);
        const int before = g_void_calls;
        QCOMPARE(entry->invoke(proclab::to_bytes(std::tuple<>())), std::string()); // void: empty result
        QCOMPARE(g_void_calls, before + 1);
    }

    void invokePropagatesExceptions()
    {
        const auto* entry = by_name("throws_invalid_argument");
        QVERIFY(entry);
        QString message;
        try {
            entry->invoke(proclab::to_bytes(std::tuple<std::string>("bad input")));
        } catch (const std::invalid_argument& e) {
            message = QString::fromUtf8(e.what());
        }
        QCOMPARE(message, QStringLiteral("bad input"));
    }

    void invokeRejectsMalformedArguments_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("too short for an int") << QByteArray("\x01\x02", 2);
    }
    void invokeRejectsMalformedArguments()
    {
        QFETCH(QByteArray, bytes);
        const auto* entry = by_name("square");
        QVERIFY(entry);
        QVERIFY_THROWS_EXCEPTION(cereal::Exception,
                                 entry->invoke(std::string_view(bytes.constData(), size_t(bytes.size()))));
    }

    // -- Process targets ----------------------------------------------------------------------

    /// A registered task's target: the function's address, and its arguments serialized as the
    /// parameter tuple (converted to the parameter types: const char* -> std::string).
    void targetOfTask()
    {
        const auto target = proclab::detail::make_target(concat, "xy", 2);
        QCOMPARE(target.function, reinterpret_cast<const void*>(&concat));
        QVERIFY(target.encode_args);
        QVERIFY(target.call);
        QVERIFY(!target.is_command);
        QCOMPARE(target.encode_args(), proclab::to_bytes(std::tuple<std::string, int>("xy", 2)));
        // What a spawned child does with it.
        const auto* entry = find_task(target.function);
        QVERIFY(entry);
        std::string result;
        proclab::from_bytes(entry->invoke(target.encode_args()), result);
        QCOMPARE(result, std::string("xyxy"));
    }

    /// Any other callable: no function address, nothing to serialize; runs only in a fork.
    void targetOfCallable()
    {
        int calls = 0;
        auto target = proclab::detail::make_target([&calls](int n) { calls += n; }, 3);
        QCOMPARE(target.function, static_cast<const void*>(nullptr));
        QVERIFY(!target.encode_args);
        target.call();
        QCOMPARE(calls, 3);
    }

    /// Arguments are copied into the target when it is made.
    void targetCopiesArguments()
    {
        std::string a = "before";
        const auto target = proclab::detail::make_target(concat, a, 1);
        a = "after";
        std::string result;
        proclab::from_bytes(find_task(target.function)->invoke(target.encode_args()), result);
        QCOMPARE(result, std::string("before"));
    }

    // -- serialization ------------------------------------------------------------------------

    void roundTrip_data()
    {
        QTest::addColumn<std::function<QString()>>("check");
        QTest::newRow("int") << round_trip(-123456);
        QTest::newRow("int64 min") << round_trip(std::numeric_limits<long long>::min());
        QTest::newRow("uint64 max") << round_trip(std::numeric_limits<unsigned long long>::max());
        QTest::newRow("double") << round_trip(3.141592653589793);
        QTest::newRow("double -0.0 / denormal") << round_trip(std::pair<double, double>(-0.0, 4.9e-324));
        QTest::newRow("float") << round_trip(1.5f);
        QTest::newRow("bool") << round_trip(true);
        QTest::newRow("char") << round_trip('\xff');
        QTest::newRow("string empty") << round_trip(std::string());
        QTest::newRow("string with NUL") << round_trip(std::string("a\0b\0", 4));
        QTest::newRow("string 1 MiB") << round_trip(std::string(1 << 20, 'z'));
        QTest::newRow("vector<int>") << round_trip(std::vector<int>{1, 2, 3, -4});
        QTest::newRow("vector<string>") << round_trip(std::vector<std::string>{"a", "", "ccc"});
        QTest::newRow("vector empty") << round_trip(std::vector<double>());
        QTest::newRow("map<string,int>") << round_trip(std::map<std::string, int>{{"x", 1}, {"y", 2}});
        QTest::newRow("map<int,vector<string>>")
            << round_trip(std::map<int, std::vector<std::string>>{{1, {"a"}}, {2, {}}, {-3, {"b", "c"}}});
        QTest::newRow("unordered_map") << round_trip(std::unordered_map<std::string, double>{{"pi", 3.14}});
        QTest::newRow("set") << round_trip(std::set<int>{5, 1, 3});
        QTest::newRow("optional empty") << round_trip(std::optional<int>());
        QTest::newRow("optional value") << round_trip(std::optional<std::string>("here"));
        QTest::newRow("tuple") << round_trip(std::tuple<int, std::string, double>(1, "two", 3.0));
        QTest::newRow("pair") << round_trip(std::pair<std::string, int>("k", 9));
        QTest::newRow("array") << round_trip(std::array<int, 4>{4, 3, 2, 1});
        QTest::newRow("variant") << round_trip(std::variant<int, std::string>(std::string("alt")));
        QTest::newRow("chrono duration") << round_trip(std::chrono::milliseconds(1500));
        QTest::newRow("struct with serialize()") << round_trip(Point{1, 2.5, "p"});
        QTest::newRow("nested structs") << round_trip(
            Shape{"sq", {{0, 0, "a"}, {1, 0, "b"}}, {{0, "zero"}, {1, "one"}}, std::nullopt});
        QTest::newRow("vector of structs") << round_trip(std::vector<Point>{{1, 1, "a"}, {2, 2, "b"}});
    }
    void roundTrip()
    {
        QFETCH(std::function<QString()>, check);
        const QString failure = check();
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }

    /// Several values in one archive, read back in order.
    void severalValues()
    {
        const std::string bytes = proclab::to_bytes(7, std::string("seven"), Point{7, 7.0, "7"});
        int a = 0;
        std::string b;
        Point c;
        proclab::from_bytes(bytes, a, b, c);
        QCOMPARE(a, 7);
        QCOMPARE(b, std::string("seven"));
        QVERIFY(c == (Point{7, 7.0, "7"}));
    }

    void truncatedInputThrows_data()
    {
        QTest::addColumn<int>("keep"); // bytes kept of the archive
        const int size = int(proclab::to_bytes(std::vector<std::string>{"alpha", "beta"}).size());
        for (int keep : {0, 1, 7, 8, 12, size - 1})
            QTest::addRow("%d of %d bytes", keep, size) << keep;
    }
    void truncatedInputThrows()
    {
        QFETCH(int, keep);
        const std::string bytes = proclab::to_bytes(std::vector<std::string>{"alpha", "beta"});
        std::vector<std::string> back;
        QVERIFY_THROWS_EXCEPTION(cereal::Exception,
                                 proclab::from_bytes(std::string_view(bytes).substr(0, size_t(keep)), back));
    }
};

PROCLAB_TEST_MAIN(TestTaskRegistry)
#include "tst_task_registry.moc"
