// PythonScriptDialog (File ▸ Run Python Script…): bad input shows an inline error and launches
// nothing; a real multiprocessing script launched from it is watched in the window's session.
#include "controller_test.h"
#include "dialogs/launcher_dialog.h"
#include "dialogs/python_script_dialog.h"
#include "gui_test_support.h"
#include "models/output_store.h"

#include <proclab/python_bridge.h>
#include <proclab/session.h>

#include <QProcess>
#include <QSignalSpy>

class TestPythonScriptDialog : public ControllerTest {
    Q_OBJECT

    static QString script(const char* name) { return QStringLiteral(PROCLAB_PYTHON_SCRIPTS "/") + QLatin1String(name); }

private slots:
    void badInputLaunchesNothing_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("interpreter");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no script") << QString() << QStringLiteral("python3") << QStringLiteral("Choose a script");
        QTest::newRow("missing script") << QStringLiteral("/no/such/script.py") << QStringLiteral("python3")
                                        << QStringLiteral("does not exist");
        QTest::newRow("not python") << script("pool_failing.py") << QStringLiteral("bash")
                                    << QStringLiteral("not a Python interpreter");
        QTest::newRow("missing interpreter")
            << script("pool_failing.py") << QStringLiteral("python9.99") << QStringLiteral("was not found");
    }
    void badInputLaunchesNothing()
    {
        QFETCH(QString, script);
        QFETCH(QString, interpreter);
        QFETCH(QString, expected);
        PythonScriptDialog dialog(m_controller);
        dialog.setScript(script);
        dialog.setInterpreter(interpreter);
        QSignalSpy launched(m_controller, &SessionController::launched);
        QVERIFY(!dialog.tryLaunch());
        QVERIFY2(dialog.errorText().contains(expected), qPrintable(dialog.errorText()));
        QCOMPARE(launched.count(), 0);
        QCOMPARE(m_controller->liveCount(), 0);
    }

    void argumentsRoundTrip_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("none") << QStringList();
        QTest::newRow("plain") << QStringList{QStringLiteral("--workers"), QStringLiteral("4")};
        QTest::newRow("spaces") << QStringList{QStringLiteral("two words"), QStringLiteral("x")};
        QTest::newRow("quotes") << QStringList{QStringLiteral("say \"hi\""), QStringLiteral("it's")};
    }
    void argumentsRoundTrip()
    {
        QFETCH(QStringList, args);
        QCOMPARE(QProcess::splitCommand(PythonScriptDialog::joinArguments(args)), args);
    }

    void specRunsTheInterpreterWatched()
    {
        PythonScriptDialog dialog(m_controller);
        dialog.setScript(script("pool_failing.py"));
        dialog.setArguments(QStringLiteral("spawn \"a b\""));
        dialog.setStartMethod(QStringLiteral("forkserver"));
        QString error;
        const LaunchSpec s = dialog.spec(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(s.type, LaunchSpec::Type::Command);
        QCOMPARE(s.argv, (QStringList{QStringLiteral("python3"), script("pool_failing.py"), QStringLiteral("spawn"),
                                      QStringLiteral("a b")}));
        QCOMPARE(s.workingDirectory, QStringLiteral(PROCLAB_PYTHON_SCRIPTS));
        QCOMPARE(s.pythonStartMethod, QStringLiteral("forkserver"));
        QVERIFY(s.watchesPython());
        QCOMPARE(s.name, QStringLiteral("pool_failing.py"));
    }

    void launcherOffersWatchingForPythonOnly_data()
    {
        QTest::addColumn<bool>("shell");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("shown");
        QTest::newRow("python3") << false << QStringLiteral("python3\nx.py") << true;
        QTest::newRow("full path") << false << QStringLiteral("/usr/bin/python3.11\nx.py") << true;
        QTest::newRow("sleep") << false << QStringLiteral("sleep\n1") << false;
        QTest::newRow("pythonic name") << false << QStringLiteral("python-config\n--help") << false;
        QTest::newRow("shell python") << true << QStringLiteral("python3 x.py | cat") << true;
        QTest::newRow("shell make") << true << QStringLiteral("make -j2") << false;
    }
    void launcherOffersWatchingForPythonOnly()
    {
        QFETCH(bool, shell);
        QFETCH(QString, text);
        QFETCH(bool, shown);
        LauncherDialog dialog(m_controller);
        dialog.setCommandMode(true);
        dialog.setShellMode(shell);
        if (shell)
            dialog.setShellLine(text);
        else
            dialog.setCommandText(text);
        QCOMPARE(dialog.watchPythonShown(), shown);
        QString error;
        QCOMPARE(dialog.spec(&error).watchesPython(), shown);
        dialog.setWatchPython(false);
        QVERIFY(!dialog.spec(&error).watchesPython());
    }

    void aPoolScriptShowsItsWorkersAndTheFailedTask()
    {
        if (!proclab::python_bridge_dir())
            QSKIP("the Python bridge is not built");
        PythonScriptDialog dialog(m_controller);
        dialog.setScript(script("pool_failing.py"));
        dialog.setArguments(QStringLiteral("spawn"));
        QSignalSpy started(m_controller, &SessionController::started);
        QVERIFY2(dialog.tryLaunch(), qPrintable(dialog.errorText()));
        QCOMPARE(dialog.launchedKeys().size(), 1);
        QTRY_COMPARE(started.size(), 1); // started off the GUI thread
        QCOMPARE(started.first().at(0).toInt(), dialog.launchedKeys().first());
        const int python = started.first().at(1).toInt();
        auto session = proclab::Session::current();
        QVERIFY(session);
        // The script's pool, its two workers under the interpreter, and the failed task, as the
        // window's tables show them; the script's own output reaches the output panel.
        const auto shown = [&] {
            const auto snap = session->snapshot();
            int workers = 0;
            for (const auto& p : snap.processes)
                workers += p.kind == proclab::ProcessKind::PoolWorker && p.ppid == python;
            for (const auto& o : snap.objects)
                if (o.kind == proclab::ObjectKind::Pool && o.label == "Pool" && o.tasks_failed == 1 &&
                    o.tasks_done == 4 && workers == 2)
                    return true;
            return false;
        };
        if (!QTest::qWaitFor(shown, 20000)) {
            for (const auto& p : session->snapshot().processes)
                qWarning() << p.pid << p.ppid << p.name.c_str() << int(p.kind) << int(p.state);
            for (const auto& o : session->snapshot().objects)
                qWarning() << o.id << o.label.c_str() << o.tasks_done << o.tasks_failed;
            QFAIL("the pool, its two workers and the failed task were not shown");
        }
        const auto printed = [this, python](const QString& what) {
            for (const auto& line : m_output->lines(python))
                if (line.text.contains(what))
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(printed(QStringLiteral("map [0, 1, 4]")), ptest::kAwaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(m_controller->liveCount(), 0, ptest::kAwaitMs);
    }
};

PROCLAB_UI_TEST_MAIN(TestPythonScriptDialog)
#include "tst_python_script_dialog.moc"
