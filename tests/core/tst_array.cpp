// Array and RawArray: sizes and fill values, initializer lists and vectors, bounds-checked at(),
// negative sizes, iteration, writes seen across processes, open by name with type checks, passing
// to a task under every start method.

#include "sync_test_support.h"
#include "test_main.h"
#include "test_support.h"

#include <mutex>
#include <numeric>

using namespace std::chrono_literals;
using proclab::StartMethod;

namespace {
/// Python's tutorial: arr[i] = -arr[i], under the lock.
void negate(const proclab::Array<int>& arr)
{
    std::lock_guard guard(arr.get_lock());
    for (int& x : arr)
        x = -x;
}
void squares(const proclab::RawArray<double>& arr)
{
    for (std::size_t i = 0; i < arr.size(); ++i)
        arr[i] = double(i) * double(i);
}
} // namespace

PROCLAB_TASK(negate);
PROCLAB_TASK(squares);

class TestArray : public LeakCheckedTest {
    Q_OBJECT

private slots:

    void sizesAndFill_data()
    {
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("fill");
        QTest::newRow("empty") << 0 << 0;
        QTest::newRow("one") << 1 << 7;
        QTest::newRow("ten zeros") << 10 << 0;
        QTest::newRow("1M of -3") << 1000000 << -3;
    }
    void sizesAndFill()
    {
        QFETCH(int, size);
        QFETCH(int, fill);
        proclab::Array<int> arr(size, fill);
        QCOMPARE(arr.size(), std::size_t(size));
        QCOMPARE(arr.empty(), size == 0);
        QCOMPARE(std::count(arr.begin(), arr.end(), fill), long(size));
        proclab::RawArray<int> raw(size, fill);
        QCOMPARE(raw.size(), std::size_t(size));
        QCOMPARE(std::accumulate(raw.begin(), raw.end(), 0LL), static_cast<long long>(size) * fill);
        QCOMPARE(arr.to_vector(), std::vector<int>(std::size_t(size), fill));
    }

    void fromValues()
    {
        proclab::Array<int> primes{2, 3, 5, 7};
        QCOMPARE(primes.size(), 4u);
        QCOMPARE(primes[3], 7);
        proclab::RawArray<double> v(std::vector<double>{0.5, 1.5});
        QCOMPARE(v.to_vector(), (std::vector<double>{0.5, 1.5}));
        QCOMPARE(reinterpret_cast<std::uintptr_t>(v.data()) % alignof(double), 0u);
        struct alignas(64) Wide {
            char c;
        };
        proclab::RawArray<Wide> wide(3);
        QCOMPARE(reinterpret_cast<std::uintptr_t>(wide.data()) % 64, 0u);
    }

    void negativeSize_data()
    {
        QTest::addColumn<long long>("size");
        QTest::newRow("-1") << -1LL;
        QTest::newRow("-100") << -100LL;
    }
    void negativeSize()
    {
        QFETCH(long long, size);
        STEST_THROWS(proclab::ValueError, "cannot create an Array of " + std::to_string(size),
                     proclab::Array<int> a(size));
        STEST_THROWS(proclab::ValueError, "RawArray", proclab::RawArray<char> a(size));
        const std::size_t huge = std::size_t(-1) / 2; // a size_t too large (or a negative one wrapped)
        STEST_THROWS(proclab::ValueError, "Array", proclab::Array<long> a(static_cast<std::ptrdiff_t>(huge)));
    }

    void boundsChecked_data()
    {
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("index");
        QTest::newRow("past the end") << 3 << 3;
        QTest::newRow("far") << 3 << 1000;
        QTest::newRow("empty") << 0 << 0;
    }
    void boundsChecked()
    {
        QFETCH(int, size);
        QFETCH(int, index);
        proclab::Array<int> arr(size);
        STEST_THROWS(proclab::ValueError, "Array '" + arr.name() + "': index " + std::to_string(index),
                     arr.at(std::size_t(index)));
        if (size > 0) {
            arr.at(std::size_t(size - 1)) = 5;
            QCOMPARE(arr[std::size_t(size - 1)], 5);
        }
    }

    void passedToTask_data() { ptest::add_method_rows(); }
    void passedToTask()
    {
        QFETCH(StartMethod, method);
        proclab::Array<int> arr{1, -2, 3};
        proclab::Process p(negate, arr);
        p.set_start_method(method);
        p.start();
        QCOMPARE(stest::finish(p), 0);
        QCOMPARE(arr.to_vector(), (std::vector<int>{-1, 2, -3}));
        proclab::RawArray<double> raw(5, -1.0);
        proclab::Process q(squares, raw);
        q.set_start_method(method);
        q.start();
        QCOMPARE(stest::finish(q), 0);
        QCOMPARE(raw.to_vector(), (std::vector<double>{0, 1, 4, 9, 16}));
    }

    void openByName()
    {
        proclab::Array<short> arr{1, 2, 3};
        auto same = proclab::Array<short>::open(arr.name());
        QCOMPARE(same.size(), 3u);
        same[0] = 9;
        QCOMPARE(arr[0], short(9));
        STEST_THROWS(proclab::Error, "another type", proclab::Array<int>::open(arr.name()));
        STEST_THROWS(proclab::Error, "not a rawarray", proclab::RawArray<short>::open(arr.name()));
        STEST_THROWS(proclab::Error, "not a array", proclab::Array<short>::open(proclab::Value<short>().name()));
        STEST_THROWS(proclab::NotFound, "no shared array",
                     proclab::Array<short>::open("proclab-" + std::to_string(::geteuid()) + "-array-0"));
        proclab::Array<short> empty;
        QCOMPARE(empty.size(), 0u);
        STEST_THROWS(proclab::ValueError, "empty Array handle", empty.get_lock());
        proclab::from_bytes(proclab::to_bytes(arr), empty);
        QCOMPARE(empty.name(), arr.name());
        QCOMPARE(empty[0], short(9));
    }
};

PROCLAB_TEST_MAIN(TestArray)
#include "tst_array.moc"
