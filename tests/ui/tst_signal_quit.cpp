// SIGTERM, SIGINT and SIGHUP to the window are a normal quit: exit code 0, the demo's children
// terminated, its session and every shared object removed (the fixture checks /dev/shm and the
// process table after each row).
#include "leak_check_fixture.h"
#include "test_main.h"

#include <proclab/session.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTest>

#include <csignal>

namespace {

QList<int> childrenOf(qint64 pid)
{
    QList<int> out;
    for (const QString& task :
         QDir(QStringLiteral("/proc/%1/task").arg(pid)).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile f(QStringLiteral("/proc/%1/task/%2/children").arg(pid).arg(task));
        if (f.open(QIODevice::ReadOnly))
            for (const QByteArray& c : f.readAll().split(' '))
                if (c.trimmed().toInt() > 0)
                    out << c.trimmed().toInt();
    }
    return out;
}

int descendantsOf(qint64 pid)
{
    QList<int> all = childrenOf(pid);
    for (int i = 0; i < all.size(); ++i)
        all << childrenOf(all[i]);
    return int(all.size());
}

bool sessionListed(const std::string& name)
{
    for (const auto& info : proclab::Session::list())
        if (info.name == name)
            return true;
    return false;
}

} // namespace

class TestSignalQuit : public LeakCheckedTest {
    Q_OBJECT

private slots:
    void normalQuit_data()
    {
        QTest::addColumn<int>("sig");
        QTest::newRow("SIGTERM") << int(SIGTERM);
        QTest::newRow("SIGINT") << int(SIGINT);
        QTest::newRow("SIGHUP") << int(SIGHUP);
    }
    void normalQuit()
    {
        QFETCH(int, sig);
        QProcess app;
        app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("PROCLAB_SESSION"));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), QString::fromStdString(testPath("config")));
        app.setProcessEnvironment(env);
        app.start(QStringLiteral(PROCLAB_APP), {QStringLiteral("--demo")});
        QVERIFY(app.waitForStarted());
        const qint64 pid = app.processId();
        const std::string session = "gui-" + std::to_string(pid);
        QTRY_VERIFY_WITH_TIMEOUT(sessionListed(session), ptest::kAwaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(descendantsOf(pid) >= 3, ptest::kAwaitMs); // the fork server and the demo's processes
        ::kill(static_cast<pid_t>(pid), sig);
        QVERIFY(app.waitForFinished(30000));
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 0);
        QVERIFY(!sessionListed(session));
    }
};

PROCLAB_TEST_MAIN(TestSignalQuit)
#include "tst_signal_quit.moc"
