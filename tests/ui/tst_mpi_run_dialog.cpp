// MpiRunDialog (File ▸ Run with MPI…): bad input shows an inline error and launches nothing; the
// spec is mpirun with the session exported to the ranks; a real MPI program (helper_mpi_map) run
// on 2 ranks shows its worker rank in the session as host:1 under mpirun, and everything ends.
#include "controller_test.h"
#include "controllers/session_feed.h"
#include "dialogs/mpi_run_dialog.h"
#include "gui_test_support.h"
#include "models/output_store.h"
#include "models/process_table_model.h"
#include "plots/pool_timeline_plot.h"

#include <proclab/session.h>

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <functional>
#include <unistd.h>

class TestMpiRunDialog : public ControllerTest {
    Q_OBJECT

    static QString program() { return QStringLiteral(PROCLAB_HELPER_MPI_MAP); }
    static QString hostName()
    {
        char host[256] = {};
        ::gethostname(host, sizeof host - 1);
        return QString::fromLocal8Bit(host);
    }

    /// The first row of `model` (a tree or a list) for which `match` holds; invalid when none.
    static QModelIndex findRow(const QAbstractItemModel& model, const std::function<bool(const QModelIndex&)>& match,
                               const QModelIndex& parent = {})
    {
        for (int r = 0; r < model.rowCount(parent); ++r) {
            const QModelIndex i = model.index(r, ProcessTableModel::NameColumn, parent);
            if (match(i))
                return i;
            if (const QModelIndex child = findRow(model, match, model.index(r, 0, parent)); child.isValid())
                return child;
        }
        return {};
    }

private slots:
    void badInputLaunchesNothing_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<int>("ranks");
        QTest::addColumn<QString>("hostfile");
        QTest::addColumn<QString>("expected");
        const QString dir = QDir::tempPath();
        QTest::newRow("no program") << QString() << 2 << QString() << QStringLiteral("Choose a program");
        QTest::newRow("missing program") << QStringLiteral("/no/such/mpi-program") << 2 << QString()
                                         << QStringLiteral("does not exist");
        QTest::newRow("program is a directory") << dir << 2 << QString() << QStringLiteral("is a directory");
        QTest::newRow("program not executable")
            << uitest::notExecutableFile() << 2 << QString() << QStringLiteral("is not executable");
        QTest::newRow("zero ranks") << program() << 0 << QString() << QStringLiteral("at least 1");
        QTest::newRow("missing hostfile") << program() << 2 << QStringLiteral("/no/such/hostfile")
                                          << QStringLiteral("Hostfile /no/such/hostfile does not exist");
        QTest::newRow("hostfile is a directory") << program() << 2 << dir << QStringLiteral("cannot be read");
    }
    void badInputLaunchesNothing()
    {
        QFETCH(QString, program);
        QFETCH(int, ranks);
        QFETCH(QString, hostfile);
        QFETCH(QString, expected);
        MpiRunDialog dialog(m_controller);
        dialog.setProgram(program);
        dialog.setRanks(ranks);
        dialog.setHostfile(hostfile);
        QSignalSpy launched(m_controller, &SessionController::launched);
        QVERIFY(!dialog.tryLaunch());
        QVERIFY2(dialog.errorText().contains(expected), qPrintable(dialog.errorText()));
        QCOMPARE(launched.count(), 0);
        QCOMPARE(m_controller->liveCount(), 0);
    }

    void specIsMpirunWithTheSessionExported()
    {
        if (MpiRunDialog::mpirunPath().isEmpty())
            QSKIP("mpirun is not installed");
        QTemporaryDir dir;
        const QString hosts = dir.filePath(QStringLiteral("hosts"));
        QFile f(hosts);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("localhost slots=4\n");
        f.close();
        MpiRunDialog dialog(m_controller);
        dialog.setProgram(program());
        dialog.setArguments(QStringLiteral("3 \"a b\""));
        dialog.setRanks(3);
        dialog.setHostfile(hosts);
        dialog.setOversubscribe(true);
        QString error;
        const LaunchSpec s = dialog.spec(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(s.type, LaunchSpec::Type::Command);
        QCOMPARE(s.argv, (QStringList{MpiRunDialog::mpirunPath(), QStringLiteral("-np"), QStringLiteral("3"),
                                      QStringLiteral("--hostfile"), hosts, QStringLiteral("--oversubscribe"),
                                      QStringLiteral("-x"), QStringLiteral("PROCLAB_SESSION"), program(),
                                      QStringLiteral("3"), QStringLiteral("a b")}));
        QVERIFY(!s.watchesPython());
        QCOMPARE(s.name, QStringLiteral("mpirun helper_mpi_map"));
        QVERIFY2(dialog.commandPreview().endsWith(QStringLiteral("helper_mpi_map 3 'a b'")),
                 qPrintable(dialog.commandPreview()));
        const bool root = ::geteuid() == 0;
        QCOMPARE(s.environment.contains({QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT"), QStringLiteral("1")}), root);
        QCOMPARE(s.environment.contains({QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"), QStringLiteral("1")}), root);
    }

    void ranksJoinTheSessionAndEnd()
    {
        if (MpiRunDialog::mpirunPath().isEmpty())
            QSKIP("mpirun is not installed");
        SessionFeed* feed = makeLiveFeed();
        ProcessTableModel model;
        connect(feed, &SessionFeed::frameReady, &model,
                [&model](const FeedFrame& frame) { model.updateFromSnapshot(frame.snapshot); });
        PoolTimelinePlot timeline;
        connect(feed, &SessionFeed::frameReady, &timeline, &PoolTimelinePlot::onFrame);

        MpiRunDialog dialog(m_controller);
        dialog.setProgram(program());
        dialog.setArguments(QStringLiteral("4 400")); // 4 items of 0.4 s each on the one worker rank
        dialog.setRanks(2);
        dialog.setOversubscribe(true);
        QSignalSpy started(m_controller, &SessionController::started);
        QVERIFY2(dialog.tryLaunch(), qPrintable(dialog.errorText()));
        QCOMPARE(dialog.launchedKeys().size(), 1);
        QTRY_COMPARE(started.size(), 1); // started off the GUI thread
        const int mpirun = started.first().at(1).toInt();

        // Rank 1 serves the pool: a pool worker named host:1, a child of mpirun, in the table.
        const QString label = hostName() + QStringLiteral(":1");
        const auto rank1 = [&] {
            return findRow(model, [&](const QModelIndex& i) {
                return i.data().toString() == label &&
                       i.data(ProcessTableModel::KindRole).toInt() == int(proclab::ProcessKind::PoolWorker);
            });
        };
        if (!QTest::qWaitFor([&] { return rank1().isValid(); }, 30000)) {
            for (const auto& p : proclab::Session::current()->snapshot().processes)
                qWarning() << p.pid << p.ppid << p.name.c_str() << int(p.kind) << int(p.state);
            for (const auto& line : m_output->lines(mpirun))
                qWarning() << line.text;
            QFAIL("rank 1 was not shown");
        }
        QCOMPARE(rank1().data(ProcessTableModel::PpidRole).toInt(), mpirun);
        // Rank 0, which runs main(), is in the session too, also under mpirun.
        const auto rank0 = [&] {
            return findRow(model, [&](const QModelIndex& i) {
                return i.data(ProcessTableModel::PpidRole).toInt() == mpirun && i.data().toString() != label;
            });
        };
        QTRY_VERIFY_WITH_TIMEOUT(rank0().isValid(), ptest::kAwaitMs);

        // The results come back in order, each from rank 1; then mpirun and both ranks end.
        const auto printed = [&] {
            QStringList lines;
            for (const auto& line : m_output->lines(mpirun))
                lines << line.text;
            return lines;
        };
        QStringList expected;
        for (int i = 0; i < 4; ++i)
            expected << QStringLiteral("item %1 on %2").arg(i).arg(label);
        QTRY_COMPARE_WITH_TIMEOUT(printed(), expected, 30000);
        // The pool timeline names rank 1's row by where it runs, and numbers its tasks 1 to 4 as a
        // local pool's (the pool's serial is not shown).
        const pid_t rank1Pid = rank1().data(ProcessTableModel::PidRole).toInt();
        const QString rowLabel = QStringLiteral("worker %1 (%2)").arg(label).arg(rank1Pid);
        const auto rank1Tasks = [&] {
            QList<std::uint64_t> ids;
            for (const auto& row : timeline.rows())
                if (row.label.startsWith(rowLabel) && row.track >= 0)
                    for (std::size_t i = 0; i < timeline.store().track(std::size_t(row.track)).size(); ++i)
                        ids << timeline.store().track(std::size_t(row.track)).span(i).id;
            return ids;
        };
        QTRY_COMPARE_WITH_TIMEOUT(rank1Tasks(), (QList<std::uint64_t>{1, 2, 3, 4}), ptest::kAwaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(m_controller->liveCount(), 0, 30000);
        QTRY_VERIFY(!rank1().data(ProcessTableModel::LiveRole).toBool());
        QTRY_VERIFY(!rank0().data(ProcessTableModel::LiveRole).toBool());
        QVERIFY(!findRow(model, [&](const QModelIndex& i) {
                     return i.data(ProcessTableModel::PpidRole).toInt() == mpirun &&
                            i.data(ProcessTableModel::LiveRole).toBool();
                 }).isValid());
        delete feed;
    }
};

PROCLAB_UI_TEST_MAIN(TestMpiRunDialog)
#include "tst_mpi_run_dialog.moc"
