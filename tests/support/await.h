#pragma once
// Awaiting a condition in the tests: QTRY_VERIFY, QTRY_VERIFY2 and QTRY_COMPARE give it 30 s here
// instead of Qt's 5 s. Processes start, end and get sampled on their own schedule, and a machine
// running two test programs at once, or a sanitizer build, can take more than 5 s for what takes
// milliseconds alone; a passing check never waits longer than it needs. A check that something
// does NOT happen within a time says its time itself (QTRY_*_WITH_TIMEOUT or a deadline).

#include <QTest>

namespace ptest {
/// How long the QTRY_* checks of the tests wait for their condition, in milliseconds.
inline constexpr int kAwaitMs = 30000;
} // namespace ptest

#undef QTRY_VERIFY
#undef QTRY_VERIFY2
#undef QTRY_COMPARE
#define QTRY_VERIFY(expr) QTRY_VERIFY_WITH_TIMEOUT(expr, ::ptest::kAwaitMs)
#define QTRY_VERIFY2(expr, messageExpression) QTRY_VERIFY2_WITH_TIMEOUT(expr, messageExpression, ::ptest::kAwaitMs)
#define QTRY_COMPARE(expr, expected) QTRY_COMPARE_WITH_TIMEOUT(expr, expected, ::ptest::kAwaitMs)
