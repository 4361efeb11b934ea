// The lessons in the window: the browser (43 lessons by topic in the beginner's order, search), running lesson 5 (exit
// codes) as a real process tree with the steps' lines highlighted in order, step mode, pause
// (the lesson's processes stopped, state T) and resume, and a bad lesson file that runs nothing.
#include "gui_test_support.h"
#include "lessons/code_view.h"
#include "lessons/glossary.h"
#include "lessons/lesson_browser.h"
#include "lessons/lesson_panel.h"
#include "lessons/lesson_run.h"
#include "lessons/lesson_view.h"
#include "shell/translations.h"

#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTranslator>
#include <QTreeWidget>

namespace {
/// The state letter of /proc/PID/stat ('R', 'S', 'T', …), 0 when gone.
char procState(pid_t pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (pid <= 0 || !f.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray s = f.readAll();
    const qsizetype close = s.lastIndexOf(')');
    return close > 0 && close + 2 < s.size() ? s.at(close + 2) : 0;
}
} // namespace

class TestLessonPanel : public LeakCheckedTest {
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

    void runButtonsFitEveryLabel_data()
    {
        QTest::addColumn<QString>("language");
        QTest::newRow("en") << QStringLiteral("en");
        QTest::newRow("zh_CN") << QStringLiteral("zh_CN");
    }
    void runButtonsFitEveryLabel()
    {
        // Run / Run to End and Pause / Resume: every label whole, and the row does not move
        // between the states, in either language.
        QFETCH(QString, language);
        QTranslator* translator = loadProcLabTranslator(QLocale(language), this);
        QVERIFY(translator);
        QVERIFY(QCoreApplication::installTranslator(translator));
        {
            LessonView view;
            view.resize(420, 600);
            view.show();
            QVERIFY(QTest::qWaitForWindowExposed(&view));
            QList<QPushButton*> buttons;
            for (const char* name : {"lessonRunButton", "lessonPauseButton", "lessonStepButton", "lessonRestartButton",
                                     "lessonStopButton"})
                buttons << view.findChild<QPushButton*>(QString::fromLatin1(name));
            QVERIFY(!buttons.contains(nullptr));
            const auto geometries = [&] {
                QCoreApplication::processEvents();
                QList<QRect> out;
                for (QPushButton* b : buttons)
                    out << b->geometry();
                return out;
            };
            using S = LessonRun::State;
            view.setRunState(S::Idle, false);
            const QList<QRect> idle = geometries();
            for (const auto& [state, step] : {std::pair{S::Running, true}, std::pair{S::Paused, true},
                                              std::pair{S::Running, false}, std::pair{S::Idle, false}}) {
                view.setRunState(state, step);
                QCOMPARE(geometries(), idle);
                for (QPushButton* b : buttons)
                    QVERIFY2(b->width() >= b->sizeHint().width(), qPrintable(b->text()));
            }
        }
        QCoreApplication::removeTranslator(translator);
        delete translator;
    }

    void browserGroupsAndSearch()
    {
        LessonPanel panel;
        QCOMPARE(int(panel.lessons().size()), 43);
        QVERIFY(panel.errors().empty());
        LessonBrowser* b = panel.browser();
        QCOMPARE(b->visibleLessonIds().size(), 43);
        // The beginner's order: why processes first, the lessons in scheduler mode after the shared
        // Value and the Lock, orphans and process trees last.
        QCOMPARE(b->visibleLessonIds().first(), QStringLiteral("21_why_processes"));
        QCOMPARE(b->visibleLessonIds().at(31), QStringLiteral("34_lost_update"));
        QCOMPARE(b->visibleLessonIds().last(), QStringLiteral("07_orphans"));
        const QStringList topics = b->topics();
        QCOMPARE(topics.size(), 9);
        QVERIFY(topics.contains(LessonBrowser::topicName(QStringLiteral("scheduler"))));
        QCOMPARE(topics.first(), LessonBrowser::topicName(QStringLiteral("process")));
        QVERIFY(topics.contains(LessonBrowser::topicName(QStringLiteral("pool"))));
        // No lesson is greyed as needing a missing feature (the Manager lessons run now), but the
        // MPI lesson in a build without proclab::mpi.
        const QList<QTreeWidgetItem*> unavailable =
            b->tree()->findItems(QStringLiteral("needs"), Qt::MatchContains | Qt::MatchRecursive);
        qsizetype missing = 0;
        for (const auto& lesson : panel.lessons())
            missing += lesson.unavailable_reason().empty() ? 0 : 1;
        QVERIFY(missing <= 1);
        QCOMPARE(unavailable.size(), missing);

        b->searchBox()->setText(QStringLiteral("exit"));
        QVERIFY(b->visibleLessonIds().contains(QStringLiteral("05_exit_codes")));
        QVERIFY(b->visibleLessonIds().size() < 5);
        b->searchBox()->setText(QStringLiteral("退出码")); // the Chinese title matches too
        QCOMPARE(b->visibleLessonIds(), QStringList{QStringLiteral("05_exit_codes")});
        b->searchBox()->setText(QStringLiteral("pool"));
        QCOMPARE(b->topics().first(), LessonBrowser::topicName(QStringLiteral("pool")));
        QVERIFY(b->visibleLessonIds().size() >= 4);
        b->searchBox()->clear();
        QCOMPARE(b->visibleLessonIds().size(), 43);

        // Choosing a lesson in the tree opens it.
        QSignalSpy opened(&panel, &LessonPanel::lessonOpened);
        const QList<QTreeWidgetItem*> five =
            b->tree()->findItems(QStringLiteral("5. "), Qt::MatchStartsWith | Qt::MatchRecursive);
        QCOMPARE(five.size(), 1);
        b->tree()->setCurrentItem(five.first());
        QCOMPARE(opened.size(), 1);
        QCOMPARE(panel.currentLessonId(), QStringLiteral("05_exit_codes"));
        QVERIFY(panel.view()->pythonView()->toPlainText().contains(QStringLiteral("c.terminate()")));
        QVERIFY(panel.view()->cppView()->toPlainText().contains(QStringLiteral("terminate()")));
        QVERIFY(glossary::terms().size() >= 7);
        QVERIFY(panel.view()->glossaryBar()->text().contains(QStringLiteral("守护进程")));
        QVERIFY(panel.view()->glossaryBar()->termToolTip(0).contains(QStringLiteral("进程")));
        QVERIFY(panel.view()->glossaryBar()->termToolTip(0).contains(QStringLiteral("process")));
        QCOMPARE(glossary::find(QStringLiteral("Queue")).zh, QStringLiteral("队列"));
        // Glossary words in an explanation become hover links; 守护进程 is one word, not 守护 + 进程.
        const QString html = glossary::annotate(QStringLiteral("一个守护进程 and a daemon <b>"));
        const int daemon = int(glossary::terms().indexOf(glossary::find(QStringLiteral("守护进程"))));
        QVERIFY2(html.contains(QStringLiteral("<a href=\"%1\"").arg(daemon)), qPrintable(html));
        QCOMPARE(html.count(QStringLiteral("<a href=\"%1\"").arg(daemon)), 2);
        QCOMPARE(html.count(QStringLiteral("<a ")), 2);
        QVERIFY(html.contains(QStringLiteral("&lt;b&gt;")));
        QVERIFY(panel.view()->explanationLabel()->text().contains(QStringLiteral("<a href=")));
    }

    void runExitCodesHighlightsSteps()
    {
        LessonPanel panel;
        QVERIFY(panel.openLesson(QStringLiteral("5")));
        const proclab::Lesson* lesson = nullptr;
        for (const auto& l : panel.lessons())
            if (l.number == 5)
                lesson = &l;
        QVERIFY(lesson);
        panel.view()->setSpeed(8);
        QList<int> steps;
        QList<QPair<int, int>> highlighted;
        connect(panel.lessonRun(), &LessonRun::stepReached, this, [&](int step, int, int) {
            steps << step;
            highlighted << qMakePair(panel.view()->pythonView()->highlightedLine(),
                                     panel.view()->cppView()->highlightedLine());
        });
        QSignalSpy started(panel.lessonRun(), &LessonRun::started);
        QSignalSpy finished(panel.lessonRun(), &LessonRun::finished);
        QVERIFY(panel.run());
        QVERIFY2(panel.view()->statusText().contains(QStringLiteral("Starting")),
                 qPrintable(panel.view()->statusText()));
        QTRY_COMPARE(started.size(), 1); // started on the starter thread
        QVERIFY(!panel.view()->runButton()->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        QCOMPARE(finished.first().first().toInt(), 0);
        const int n = int(lesson->steps.size());
        QList<int> expected;
        for (int i = 1; i <= n; ++i)
            expected << i;
        QCOMPARE(steps, expected);
        for (int i = 0; i < n; ++i) {
            QCOMPARE(highlighted[i].first, lesson->steps[std::size_t(i)].py_line);
            QCOMPARE(highlighted[i].second, lesson->steps[std::size_t(i)].cpp_line);
        }
        const QString transcript = panel.view()->transcriptView()->toPlainText();
        // Negative exit codes are written with a real minus sign (U+2212).
        for (const char* code :
             {"exitcode 0", "exitcode 1", "exitcode \u221215 (SIGTERM)", "exitcode \u22129 (SIGKILL)"})
            QVERIFY2(transcript.contains(QString::fromUtf8(code)),
                     qPrintable(QString::fromUtf8(code) + QStringLiteral(" not in:\n") + transcript));
        QVERIFY(transcript.contains(QStringLiteral("the main program ended, exitcode 0")));
        QVERIFY(!transcript.contains(QStringLiteral("-- running at speed"))); // the header is not repeated
        QVERIFY(panel.view()->runButton()->isEnabled());
        QVERIFY(panel.view()->restartButton()->isEnabled());
    }

    void stepModeOneStepPerClick_data()
    {
        QTest::addColumn<bool>("python");
        QTest::newRow("C++ twin") << false;
        QTest::newRow("Python code") << true;
    }
    void stepModeOneStepPerClick()
    {
        QFETCH(bool, python);
        LessonPanel panel;
        QVERIFY(panel.openLesson(QStringLiteral("02_start_join")));
        panel.view()->setSpeed(8);
        panel.view()->setRunsPython(python);
        LessonRun* run = panel.lessonRun();
        QTest::mouseClick(panel.view()->stepButton(), Qt::LeftButton);
        QVERIFY(run->isActive());
        QVERIFY(run->stepMode());
        QCOMPARE(run->runsPython(), python);
        QTRY_COMPARE_WITH_TIMEOUT(run->steps(), QList<int>{1}, ptest::kAwaitMs);
        QCOMPARE(panel.view()->pythonView()->highlightedLine(), 9);
        QCOMPARE(panel.view()->cppView()->highlightedLine(), 35); // proclab::Process a(sleeper, 4.0);
        for (int i = 2; i <= 4; ++i) {
            QVERIFY(panel.view()->stepButton()->isEnabled());
            QTest::mouseClick(panel.view()->stepButton(), Qt::LeftButton);
            QTRY_COMPARE_WITH_TIMEOUT(run->steps().size(), i, ptest::kAwaitMs);
            QCOMPARE(run->steps().last(), i);
        }
        QCOMPARE(panel.view()->currentStep(), 4);
        QCOMPARE(panel.view()->pythonView()->highlightedLine(), 12);
        // Run to End: the rest at once.
        QSignalSpy finished(run, &LessonRun::finished);
        QTest::mouseClick(panel.view()->runButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        QCOMPARE(finished.first().first().toInt(), 0);
        QCOMPARE(run->steps().size(), 14);
    }

    void pythonCodeRunsWatched()
    {
        LessonPanel panel;
        QVERIFY(panel.openLesson(QStringLiteral("02_start_join")));
        panel.view()->setSpeed(8);
        panel.view()->setRunsPython(true);
        QVERIFY(panel.view()->stepButton()->isEnabled()); // the Python code steps too
        LessonRun* run = panel.lessonRun();
        QSignalSpy finished(run, &LessonRun::finished);
        QList<int> pyLines;
        connect(run, &LessonRun::stepReached, this, [&pyLines](int, int py, int) { pyLines << py; });
        QTest::mouseClick(panel.view()->runButton(), Qt::LeftButton);
        QVERIFY(run->runsPython());
        QVERIFY(!run->stepMode());
        QTRY_VERIFY2(panel.view()->statusText().contains(QStringLiteral("Python")),
                     qPrintable(panel.view()->statusText()));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        QCOMPARE(finished.first().first().toInt(), 0);
        // Every step of the lesson was reached by the real Python program, in order, at its lines.
        QCOMPARE(run->steps().size(), 14);
        QCOMPARE(pyLines.first(), 9);
        QCOMPARE(pyLines.last(), 24);
        const QString transcript = run->transcript().join(QLatin1Char('\n'));
        QVERIFY2(transcript.contains(QStringLiteral("[python]  both started, then joined:")), qPrintable(transcript));
        QVERIFY(transcript.contains(QStringLiteral("the main program ended, exitcode 0")));
    }

    void pauseStopsTheTree()
    {
        LessonPanel panel;
        QVERIFY(panel.openLesson(QStringLiteral("2")));
        panel.view()->setSpeed(1); // its sleeps keep it running for a while
        LessonRun* run = panel.lessonRun();
        QVERIFY(panel.run());
        QTRY_VERIFY_WITH_TIMEOUT(run->steps().size() >= 4, ptest::kAwaitMs); // a and b started
        const pid_t main = run->mainPid();
        QVERIFY(main > 0);
        QTest::mouseClick(panel.view()->pauseButton(), Qt::LeftButton);
        QCOMPARE(run->state(), LessonRun::State::Paused);
        QTRY_COMPARE(procState(main), 'T');
        QTRY_COMPARE(procState(run->pid()), 'T');
        QCOMPARE(panel.view()->pauseButton()->text().remove(QLatin1Char('&')), QStringLiteral("Resume"));
        QVERIFY(!panel.view()->stepButton()->isEnabled());
        QTest::mouseClick(panel.view()->pauseButton(), Qt::LeftButton);
        QCOMPARE(run->state(), LessonRun::State::Running);
        QTRY_VERIFY(procState(main) != 'T');
        // Restart: the tree is killed, then the lesson runs again from step 1 (the GUI never blocks).
        QSignalSpy started(run, &LessonRun::started);
        QSignalSpy finished(run, &LessonRun::finished);
        panel.restart();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, ptest::kAwaitMs);
        QCOMPARE(finished.first().first().toInt(), -9);
        QTRY_COMPARE_WITH_TIMEOUT(started.size(), 1, ptest::kAwaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(!run->steps().isEmpty(), ptest::kAwaitMs);
        QCOMPARE(run->steps().first(), 1);
        QVERIFY(procState(main) == 0 || procState(main) == 'Z' || run->mainPid() != main);
        panel.stop();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, ptest::kAwaitMs);
        QCOMPARE(run->state(), LessonRun::State::Finished);
    }

    /// The fork+exec of proclab-cli runs on the starter thread: Run returns in state Starting, and a
    /// Stop asked for meanwhile is applied as soon as the run has started.
    void stopWhileStartingEndsTheRun()
    {
        LessonPanel panel;
        QVERIFY(panel.openLesson(QStringLiteral("2")));
        panel.view()->setSpeed(1);
        LessonRun* run = panel.lessonRun();
        QSignalSpy started(run, &LessonRun::started);
        QSignalSpy finished(run, &LessonRun::finished);
        QVERIFY(panel.run());
        QCOMPARE(run->state(), LessonRun::State::Starting);
        QCOMPARE(run->pid(), pid_t(0));
        QVERIFY(panel.view()->stopButton()->isEnabled());
        QVERIFY(!panel.view()->pauseButton()->isEnabled());
        QVERIFY(!panel.run()); // one run at a time, a starting one included
        panel.stop();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, ptest::kAwaitMs);
        QCOMPARE(started.size(), 1);
        QCOMPARE(finished.first().first().toInt(), -9);
        QCOMPARE(run->state(), LessonRun::State::Finished);
    }

    /// A proclab-cli that cannot be executed: the start fails on the starter thread, the panel says
    /// why and can run again.
    void unstartableRunSaysWhy()
    {
        const QString bogus = testDir() + QStringLiteral("/proclab-cli");
        QFile f(bogus);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a program\n");
        f.close();
        QVERIFY(f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        qputenv("PROCLAB_CLI", bogus.toLocal8Bit());
        LessonPanel panel;
        QVERIFY(panel.openLesson(QStringLiteral("2")));
        LessonRun* run = panel.lessonRun();
        QSignalSpy failed(run, &LessonRun::startFailed);
        const bool handedOut = panel.run();
        qunsetenv("PROCLAB_CLI");
        QVERIFY(handedOut);
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, ptest::kAwaitMs);
        QVERIFY2(failed.first().first().toString().contains(bogus), qPrintable(failed.first().first().toString()));
        QCOMPARE(run->state(), LessonRun::State::Idle);
        QVERIFY2(panel.view()->statusText().contains(QStringLiteral("could not start")),
                 qPrintable(panel.view()->statusText()));
        QVERIFY(panel.view()->runButton()->isEnabled());
    }

    void badLessonFileRunsNothing()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("99_broken.json")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\n  \"number\": 99,\n  \"title\": {\"en\": \"Broken\"\n}\n");
        f.close();
        qputenv("PROCLAB_LESSONS_PATH", dir.path().toLocal8Bit());
        LessonPanel panel;
        qunsetenv("PROCLAB_LESSONS_PATH");
        QCOMPARE(panel.errors().size(), std::size_t(1));
        QCOMPARE(int(panel.lessons().size()), 43);
        const QList<QTreeWidgetItem*> bad =
            panel.browser()->tree()->findItems(QStringLiteral("99_broken.json"), Qt::MatchExactly | Qt::MatchRecursive);
        QCOMPARE(bad.size(), 1);
        panel.browser()->tree()->setCurrentItem(bad.first());
        QVERIFY(panel.view()->hasError());
        QVERIFY2(panel.view()->errorText().contains(f.fileName() + QStringLiteral(":")),
                 qPrintable(panel.view()->errorText()));
        QVERIFY(!panel.view()->runButton()->isEnabled());
        QVERIFY(!panel.view()->stepButton()->isEnabled());
        QVERIFY(!panel.run());
        QVERIFY(!panel.run(true));
        QCOMPARE(panel.lessonRun()->state(), LessonRun::State::Idle);
        QVERIFY(ptest::leftover_processes().isEmpty());
    }
};

PROCLAB_UI_TEST_MAIN(TestLessonPanel)
#include "tst_lesson_panel.moc"
