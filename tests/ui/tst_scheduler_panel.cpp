// SchedulerPanel driven by double-clicks, offscreen, on real processes of the window's session: two
// locks taken in opposite orders stepped into a deadlock (held rows, greyed rows that cannot move,
// the moves list, the deadlock message and the wait-for graph's cycle); a Value's lost update
// replayed from a schedule file, saved again and the same; mode off lets every process go; a
// lesson's deadlock (C++ twin and Python code) with each held process shown at its line, in the
// table and in the code views, and the lesson's goal reached.
#include "gui_test_support.h"
#include "lessons/code_view.h"
#include "lessons/lesson_panel.h"
#include "lessons/lesson_run.h"
#include "lessons/lesson_view.h"
#include "models/held_process_model.h"
#include "panels/scheduler_panel.h"
#include "plots/wait_for_graph_view.h"

#include <proclab/lock.h>
#include <proclab/process.h>
#include <proclab/session.h>
#include <proclab/value.h>

#include <QAbstractItemModelTester>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <mutex>

namespace {

QString sessionName()
{
    return QString::fromStdString(proclab::Session::current()->name());
}

// The row of the held process `name` once it is held at `op` (-1 when it is not, yet).
int heldRow(const HeldProcessModel& model, const std::string& name, proclab::SchedOp op)
{
    for (int r = 0; r < model.rowCount(); ++r)
        if (const auto* h = model.held(r); h && h->name == name && h->op == op)
            return r;
    return -1;
}

void doubleClickRow(QTableView* view, int row)
{
    const QRect rect = view->visualRect(view->model()->index(row, HeldProcessModel::Process));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, rect.center());
}

QStringList movesOf(const SchedulerPanel& panel)
{
    QStringList out;
    for (int i = 0; i < panel.moves()->count(); ++i)
        out << panel.moves()->item(i)->text();
    return out;
}

} // namespace

class TestSchedulerPanel : public LeakCheckedTest {
    Q_OBJECT

    QTemporaryDir m_data;

private slots:
    void initTestCase()
    {
        LeakCheckedTest::initTestCase();
        qputenv("PROCLAB_CLI", PROCLAB_CLI);
        qputenv("XDG_DATA_HOME", m_data.path().toLocal8Bit()); // no lessons of the user's own
        qunsetenv("PROCLAB_LESSONS_PATH");
    }

    void deadlockByClicking()
    {
        SchedulerPanel panel;
        QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        WaitForGraphView graph;
        connect(&panel, &SchedulerPanel::stateChanged, &graph, &WaitForGraphView::setSchedulerState);
        QSignalSpy messages(&panel, &SchedulerPanel::message);
        panel.resize(900, 600);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(!panel.toggle()->isEnabled()); // no session yet
        panel.setSession(sessionName());
        panel.toggle()->click();
        QTRY_VERIFY(panel.isOn());

        proclab::Lock a, b;
        proclab::Process p1([a, b]() mutable {
            std::lock_guard first(a);
            std::lock_guard second(b);
        });
        proclab::Process p2([a, b]() mutable {
            std::lock_guard first(b);
            std::lock_guard second(a);
        });
        p1.set_name("p1");
        p2.set_name("p2");
        p1.set_start_method(proclab::StartMethod::Fork); // lambdas: the window's default is the fork server
        p2.set_start_method(proclab::StartMethod::Fork);
        p1.start();
        p2.start();
        auto* model = panel.model();
        const std::pair<const char*, proclab::SchedOp> clicks[] = {{"p1", proclab::SchedOp::Start},
                                                                   {"p1", proclab::SchedOp::Acquire},
                                                                   {"p2", proclab::SchedOp::Start},
                                                                   {"p2", proclab::SchedOp::Acquire}};
        int moved = 0;
        for (const auto& [who, op] : clicks) {
            QTRY_VERIFY(heldRow(*model, who, op) >= 0 &&
                        model->data(model->index(heldRow(*model, who, op), 0), HeldProcessModel::CanMoveRole).toBool());
            doubleClickRow(panel.view(), heldRow(*model, who, op));
            ++moved;
            QTRY_COMPARE(movesOf(panel).size(), moved); // one double-click, one move
        }
        QTRY_VERIFY(!panel.deadlockText().isEmpty());
        const QString text = panel.deadlockText();
        QVERIFY2(text.startsWith(QStringLiteral("Deadlock")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("p1 waits for Lock #2, held by p2")) &&
                     text.contains(QStringLiteral("p2 waits for Lock #1, held by p1")),
                 qPrintable(text));
        QCOMPARE(movesOf(panel),
                 (QStringList{QStringLiteral("1. p1: start"), QStringLiteral("2. p1: acquire Lock #1"),
                              QStringLiteral("3. p2: start"), QStringLiteral("4. p2: acquire Lock #2")}));
        // Both rows are greyed out with the reason; a double-click says why instead of moving.
        QCOMPARE(model->rowCount(), 2);
        for (int r = 0; r < 2; ++r)
            QVERIFY(
                model->data(model->index(r, HeldProcessModel::CanMove)).toString().contains(QStringLiteral("held by")));
        doubleClickRow(panel.view(), 0);
        QTRY_VERIFY(!messages.isEmpty());
        QVERIFY2(messages.last().at(0).toString().contains(QStringLiteral("cannot move now")),
                 qPrintable(messages.last().at(0).toString()));
        QCOMPARE(movesOf(panel).size(), 4);
        // The wait-for graph, fed a frame of the session, draws the cycle (held processes that
        // cannot move count as waiting).
        FeedFrame frame;
        frame.snapshot = proclab::Session::current()->snapshot();
        graph.onFrame(frame);
        QCOMPARE(graph.graph().cycles.size(), std::size_t(1));
        if (const QString shots = qEnvironmentVariable("PROCLAB_SHOTS_DIR"); !shots.isEmpty()) { // to look at
            graph.resize(900, 420);
            QVERIFY(panel.grab().save(shots + QStringLiteral("/scheduler_deadlock.png")));
            QVERIFY(graph.grab().save(shots + QStringLiteral("/scheduler_deadlock_graph.png")));
        }
        QVERIFY(graph.redEdgeCount() > 0);

        p1.kill();
        p2.kill();
        p1.join(); // this process controls the scheduler: its own joins never stop
        p2.join();
        panel.runFreely();
        QTRY_VERIFY(!panel.isOn());
        QCOMPARE(model->rowCount(), 0);
    }

    void replayAndSave()
    {
        QTemporaryDir dir;
        const QString in = dir.filePath(QStringLiteral("lost.schedule"));
        {
            QFile f(in);
            QVERIFY(f.open(QIODevice::WriteOnly));
            // Both start; p1 reads 0; p2 reads 0 and writes 1; p1 writes 1: one update lost.
            f.write("# a lost update\np1\np2\np1\np2\np2\np1\n");
        }
        SchedulerPanel panel;
        QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        panel.setSession(sessionName());
        panel.setOn(true);
        QTRY_VERIFY(panel.isOn());
        proclab::Value<int> v(0);
        auto body = [v]() mutable { v.store(v.load() + 1); };
        proclab::Process p1(body), p2(body);
        p1.set_name("p1");
        p2.set_name("p2");
        p1.set_start_method(proclab::StartMethod::Fork); // lambdas: the window's default is the fork server
        p2.set_start_method(proclab::StartMethod::Fork);
        p1.start();
        p2.start();
        QTRY_COMPARE(panel.model()->rowCount(), 2);
        QVERIFY(panel.replayFile(in));
        QTRY_COMPARE(movesOf(panel).size(), 6);
        panel.runFreely();
        QTRY_VERIFY(!panel.isOn());
        p1.join();
        p2.join();
        QCOMPARE(v.load(), 1);
        const QString out = dir.filePath(QStringLiteral("again.schedule"));
        QVERIFY(panel.saveSchedule(out));
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QStringList names;
        for (const auto& n : proclab::Scheduler::parse_schedule(f.readAll().toStdString()))
            names << QString::fromStdString(n);
        QCOMPARE(names, (QStringList{u"p1"_qs, u"p2"_qs, u"p1"_qs, u"p2"_qs, u"p2"_qs, u"p1"_qs}));
        QVERIFY(!panel.replayFile(dir.filePath(QStringLiteral("missing.schedule"))));
    }

    // Lesson 36 run from the lesson panel with scheduler mode on, wired as the window wires them:
    // p1 takes a and p2 takes b by double-clicks; in the deadlock both rows say where they are
    // stuck (the line of `with second:`), the code views mark that line with both names, and the
    // lesson's goal ("get both processes stuck") is reached.
    void lessonDeadlockAtItsLines_data()
    {
        QTest::addColumn<bool>("python");
        QTest::addColumn<QString>("line"); // the Line column of p1 and p2 in the deadlock
        QTest::newRow("C++ twin") << false << QStringLiteral("py 5 · C++ 12");
        QTest::newRow("Python code") << true << QStringLiteral("line 5");
    }
    void lessonDeadlockAtItsLines()
    {
        QFETCH(bool, python);
        QFETCH(QString, line);
        SchedulerPanel panel;
        QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        LessonPanel lessons;
        connect(&panel, &SchedulerPanel::stateChanged, &lessons, &LessonPanel::setSchedulerState);
        connect(&lessons, &LessonPanel::goalChanged, &panel, &SchedulerPanel::setGoal);
        panel.setLineResolver([&lessons](const proclab::HeldProcess& h) { return lessons.codeLines(h); });
        QVERIFY(lessons.openLesson(QStringLiteral("36")));
        QCOMPARE(panel.goalText(), QStringLiteral("Goal: Get both processes stuck."));
        panel.setSession(sessionName());
        panel.setOn(true);
        QTRY_VERIFY(panel.isOn());
        lessons.view()->setRunsPython(python);
        QVERIFY(lessons.run());
        auto* model = panel.model();
        // p1 and p2 each start and take their first lock; the lesson's main program moves
        // whenever neither is at the move wanted.
        const std::pair<const char*, proclab::SchedOp> wanted[] = {{"p1", proclab::SchedOp::Start},
                                                                   {"p1", proclab::SchedOp::Acquire},
                                                                   {"p2", proclab::SchedOp::Start},
                                                                   {"p2", proclab::SchedOp::Acquire}};
        const auto targetRow = [&](const char* who, proclab::SchedOp op) {
            const int row = heldRow(*model, who, op);
            return row >= 0 && model->data(model->index(row, 0), HeldProcessModel::CanMoveRole).toBool() ? row : -1;
        };
        const auto otherRow = [&] { // the lesson's main program, when it can move
            for (int r = 0; r < model->rowCount(); ++r)
                if (const auto* h = model->held(r); h && h->can_move && h->name != "p1" && h->name != "p2")
                    return r;
            return -1;
        };
        for (const auto& [who, op] : wanted) {
            for (;;) {
                // Either the move wanted can be made, or the main program can move towards it.
                QTRY_VERIFY2_WITH_TIMEOUT(targetRow(who, op) >= 0 || otherRow() >= 0, who, 30000);
                if (const int row = targetRow(who, op); row >= 0) {
                    doubleClickRow(panel.view(), row);
                    break;
                }
                const int before = panel.moves()->count();
                doubleClickRow(panel.view(), otherRow());
                QTRY_VERIFY(panel.moves()->count() > before);
            }
        }
        QTRY_VERIFY_WITH_TIMEOUT(!panel.deadlockText().isEmpty(), ptest::kAwaitMs);
        for (const char* who : {"p1", "p2"}) {
            const int row = heldRow(*model, who, proclab::SchedOp::Acquire);
            QVERIFY(row >= 0);
            QCOMPARE(model->data(model->index(row, HeldProcessModel::Line)).toString(), line);
        }
        const QString marked = lessons.view()->pythonView()->marks().value(5);
        QVERIFY2(marked.contains(QStringLiteral("p1")) && marked.contains(QStringLiteral("p2")), qPrintable(marked));
        if (!python) {
            const QString cppMarked = lessons.view()->cppView()->marks().value(12);
            QVERIFY2(cppMarked.contains(QStringLiteral("p1")) && cppMarked.contains(QStringLiteral("p2")),
                     qPrintable(cppMarked));
        }
        QTRY_VERIFY(lessons.goalReached());
        QCOMPARE(panel.goalText(), QStringLiteral("Goal reached: Get both processes stuck."));
        if (const QString shots = qEnvironmentVariable("PROCLAB_SHOTS_DIR"); !shots.isEmpty() && !python) {
            panel.resize(900, 560);
            lessons.resize(900, 700);
            QVERIFY(panel.grab().save(shots + QStringLiteral("/scheduler_lesson_deadlock.png")));
            QVERIFY(lessons.grab().save(shots + QStringLiteral("/scheduler_lesson_code.png")));
        }
        // Run freely: the joins time out, the lesson ends; the marks go.
        QSignalSpy finished(lessons.lessonRun(), &LessonRun::finished);
        panel.runFreely();
        QTRY_VERIFY(!panel.isOn());
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 30000);
        QVERIFY(lessons.view()->pythonView()->marks().isEmpty());
        QVERIFY(lessons.goalReached()); // still: this run reached it
    }
};

PROCLAB_UI_TEST_MAIN(TestSchedulerPanel)
#include "tst_scheduler_panel.moc"
