// LaunchSpec::validate(): every bad input gives one sentence naming what was wrong (and the value,
// where there is one); good specs give nothing. No process is started.
#include "controllers/launch_spec.h"
#include "gui_test_support.h"

#include <QTest>

Q_DECLARE_METATYPE(LaunchSpec)

class TestLaunchSpec : public QObject {
    Q_OBJECT

private slots:
    void validate_data();
    void validate();
    void taskNames();
};

void TestLaunchSpec::validate_data()
{
    QTest::addColumn<LaunchSpec>("spec");
    QTest::addColumn<QString>("expected"); // empty: valid; else a part of the message

    const auto task = [](LaunchSpec::Task t) {
        LaunchSpec s;
        s.task = t;
        return s;
    };
    const auto command = [](const QStringList& argv) {
        LaunchSpec s;
        s.type = LaunchSpec::Type::Command;
        s.argv = argv;
        return s;
    };

    QTest::newRow("default sleep") << LaunchSpec{} << QString();
    QTest::newRow("command true") << command({QStringLiteral("true")}) << QString();
    LaunchSpec shell;
    shell.type = LaunchSpec::Type::Shell;
    shell.shellLine = QStringLiteral("echo hi");
    QTest::newRow("shell line") << shell << QString();

    LaunchSpec s;
    s.copies = 0;
    QTest::newRow("no copies") << s << QStringLiteral("Count must be between 1 and 1000");
    s = LaunchSpec{};
    s.copies = LaunchSpec::kMaxCopies + 1;
    QTest::newRow("too many copies") << s << QStringLiteral("Count must be between 1 and 1000");
    s = LaunchSpec{};
    s.restart = LaunchSpec::Restart::OnFailure;
    s.maxRetries = 101;
    QTest::newRow("retries") << s << QStringLiteral("Max retries");
    s = LaunchSpec{};
    s.backoffMs = -1;
    QTest::newRow("back-off") << s << QStringLiteral("Back-off");
    s = LaunchSpec{};
    s.workingDirectory = QStringLiteral("/no/such/dir-xyz");
    QTest::newRow("working directory") << s << QStringLiteral("/no/such/dir-xyz");
    s = LaunchSpec{};
    s.environment = {{QStringLiteral("A=B"), QStringLiteral("1")}};
    QTest::newRow("environment name") << s << QStringLiteral("\"A=B\"");
    s.environment = {{QStringLiteral("A B"), QStringLiteral("x")}};
    QTest::newRow("environment name with a space") << s << QStringLiteral("\"A B\" may not contain spaces");
    s.environment = {{QString(), QStringLiteral("x")}};
    QTest::newRow("environment line without a name") << s << QStringLiteral("no variable name");

    shell.shellLine = QStringLiteral("   ");
    QTest::newRow("empty shell line") << shell << QStringLiteral("shell command line is empty");
    QTest::newRow("empty command") << command({}) << QStringLiteral("command is empty");
    QTest::newRow("not in PATH") << command({QStringLiteral("no-such-program-xyz")})
                                 << QStringLiteral("\"no-such-program-xyz\" was not found in PATH");
    QTest::newRow("missing path") << command({QStringLiteral("/no/such/program")})
                                  << QStringLiteral("/no/such/program does not exist");
    QTest::newRow("directory") << command({QStringLiteral("/tmp")}) << QStringLiteral("/tmp is a directory");
    QTest::newRow("not executable") << command({uitest::notExecutableFile()})
                                    << QStringLiteral("Permission denied: %1").arg(uitest::notExecutableFile());

    s = LaunchSpec{};
    s.method = proclab::StartMethod::Fork;
    QTest::newRow("fork method") << s << QStringLiteral("fork start method");
    s = LaunchSpec{};
    s.seconds = -1;
    QTest::newRow("seconds") << s << QStringLiteral("Seconds must be between 0 and 86400");
    s = LaunchSpec{};
    s.interval = 3601;
    QTest::newRow("interval") << s << QStringLiteral("Interval must be between 0 and 3600");
    s = task(LaunchSpec::Task::PrintLines);
    s.count = 0;
    QTest::newRow("print count") << s << QStringLiteral("Count must be between 1 and 100,000,000");
    s = task(LaunchSpec::Task::Consume);
    s.objectName = QStringLiteral("q");
    s.count = -1;
    QTest::newRow("consume count") << s << QStringLiteral("Count must not be negative");
    s = task(LaunchSpec::Task::SpawnChildren);
    s.count = 65;
    QTest::newRow("children") << s << QStringLiteral("Children must be between 1 and 64");
    s.count = 2;
    s.daemon = true;
    QTest::newRow("daemon with children") << s << QStringLiteral("daemon process may not create children");
    s = task(LaunchSpec::Task::Crash);
    s.signal = 0;
    QTest::newRow("signal") << s << QStringLiteral("Signal must be between 1 and 64");
    s = task(LaunchSpec::Task::EchoServer);
    s.port = 65536;
    QTest::newRow("port") << s << QStringLiteral("Port must be between 0 and 65535");
    QTest::newRow("produce without queue") << task(LaunchSpec::Task::Produce) << QStringLiteral("Choose a queue");
    QTest::newRow("hold without lock") << task(LaunchSpec::Task::HoldLock) << QStringLiteral("Choose a lock");
}

void TestLaunchSpec::validate()
{
    QFETCH(LaunchSpec, spec);
    QFETCH(QString, expected);
    const QString message = spec.validate();
    if (expected.isEmpty()) {
        QVERIFY2(message.isEmpty(), qPrintable(message));
    } else {
        QVERIFY2(message.contains(expected), qPrintable(message));
        QVERIFY(message.endsWith(QLatin1Char('.'))); // one sentence
    }
}

void TestLaunchSpec::taskNames()
{
    for (int t = 0; t <= static_cast<int>(LaunchSpec::Task::EchoServer); ++t)
        QVERIFY(!LaunchSpec::taskName(static_cast<LaunchSpec::Task>(t)).isEmpty());
}

QTEST_GUILESS_MAIN(TestLaunchSpec)
#include "tst_launch_spec.moc"
