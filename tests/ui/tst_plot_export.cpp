// PlotsPanel through a SessionFeed on a real session (a pool of 2 running 20 tasks and a
// producer/consumer pair): every tab exports a valid PNG and PDF, the Chrome trace parses, the
// session is recorded, and the recording replayed gives at each tick the snapshot taken then,
// with the views rebuilt for that moment. A bad recording is refused with its offset.
#include "plots/plot_export.h"
#include "plots/plots_panel.h"
#include "plots/pool_timeline_plot.h"
#include "plots/process_history.h"
#include "plots/queue_depth_plot.h"
#include "plots/replay_bar.h"
#include "plots/replay_source.h"
#include "plots/wait_for_graph_view.h"
#include "plots_test_support.h"
#include "shell/translations.h"

#include <QCheckBox>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSlider>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTranslator>

class TestPlotExport : public LeakCheckedTest {
    Q_OBJECT

public:
    TestPlotExport()
    {
        addTeardown([] { proclab::Session::detach(); });
    }

private slots:
    void exportRecordAndReplay()
    {
        QTemporaryDir dir;
        SessionFeed feed;
        PlotsPanel panel(&feed);
        panel.resize(1200, 700);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        feed.setPaused(true); // ticked by hand below
        feed.setSource(std::make_unique<LiveSource>(proclab::Session::create(LeakCheckedTest::uniqueName("panel"))));
        std::vector<proclab::Snapshot> seen;
        connect(&feed, &SessionFeed::frameReady, this, [&](const FeedFrame& f) {
            if (f.live)
                seen.push_back(f.snapshot);
        });
        const QString recording = dir.filePath(QStringLiteral("s.plrec"));
        QVERIFY(panel.startRecording(recording));
        QVERIFY(panel.isRecording());
        {
            proclab::Queue<int> q(5);
            proclab::Process producer(plotstest::produce, q, 15);
            proclab::Process consumer(plotstest::consume, q);
            producer.start();
            consumer.start();
            proclab::Pool pool({.processes = 2});
            std::vector<int> xs(20);
            std::iota(xs.begin(), xs.end(), 0);
            auto results = pool.map_async(plotstest::slow_square, std::vector<int>(xs.begin(), xs.begin() + 13), 1);
            // Sampled until the work is done, and at least a few times (a fast run is over in a few ticks).
            while (!results.ready() || producer.is_alive() || consumer.is_alive() || seen.size() < 6) {
                feed.tick();
                QTest::qWait(20);
            }
            std::vector<proclab::AsyncResult<int>> more;
            for (int x = 14; x < 17; ++x)
                more.push_back(pool.apply_async(plotstest::slow_square, x));
            for (auto& r : more)
                r.get();
            pool.close();
            pool.join();
            producer.join();
            consumer.join();
            feed.tick();
        }
        feed.tick();
        QSignalSpy saved(&panel, &PlotsPanel::recordingSaved);
        panel.stopRecording();
        QVERIFY(!panel.isRecording());
        // Written on the recording's thread: complete once saved() says so, with every live tick.
        QTRY_COMPARE(saved.count(), 1);
        QCOMPARE(saved.first().at(0).toString(), recording);
        QCOMPARE(saved.first().at(1).toULongLong(), quint64(seen.size()));
        QVERIFY(seen.size() > 5);
        QVERIFY(panel.poolTimeline()->store().spanCount() >= 16);
        QCOMPARE(panel.queueDepths()->queues().size(), 1); // the user's queue, not the pool's own two

        // Every tab, as PNG and PDF.
        for (int tab = 0; tab < panel.tabs()->count(); ++tab) {
            panel.tabs()->setCurrentIndex(tab);
            const QString png = dir.filePath(QStringLiteral("tab%1.png").arg(tab));
            const QString pdf = dir.filePath(QStringLiteral("tab%1.pdf").arg(tab));
            QString error;
            QVERIFY2(panel.exportCurrent(png, &error), qPrintable(error));
            QVERIFY2(panel.exportCurrent(pdf, &error), qPrintable(error));
            QImage image(png);
            QVERIFY(!image.isNull());
            QVERIFY(image.width() > 100 && image.height() > 100);
            // The plot only: not the Follow check box, the combo boxes or the legend around it.
            QVERIFY(panel.currentPlot() != panel.tabs()->currentWidget());
            QCOMPARE(image.size(), panel.currentPlot()->size());
            // A name without an extension gets .png.
            const QString bare = dir.filePath(QStringLiteral("bare%1").arg(tab));
            QString savedAs;
            QVERIFY2(panel.exportCurrent(bare, &error, &savedAs), qPrintable(error));
            QCOMPARE(savedAs, bare + QStringLiteral(".png"));
            QVERIFY(!QImage(savedAs).isNull());
            QVERIFY(!QFileInfo::exists(bare));
            QFile f(pdf);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY(f.size() > 1000);
            QVERIFY(f.read(5) == "%PDF-");
        }
        QString error;
        QCOMPARE(PlotExport::withSuffix(QStringLiteral("a/plot"), QStringLiteral("pdf")), QStringLiteral("a/plot.pdf"));
        QCOMPARE(PlotExport::withSuffix(QStringLiteral("plot.PDF")), QStringLiteral("plot.PDF"));
        QCOMPARE(PlotExport::withSuffix(QStringLiteral("plot.v2")), QStringLiteral("plot.v2.png"));
        QVERIFY(!PlotExport::savePng(panel.tabs()->widget(0), QStringLiteral("/no/such/dir/x.png"), &error));
        QVERIFY2(error.contains(QStringLiteral("/no/such/dir/x.png")), qPrintable(error));

        // The Chrome trace parses and holds the pool's tasks.
        const QString trace = dir.filePath(QStringLiteral("trace.json"));
        QVERIFY2(panel.exportChromeTrace(trace, &error), qPrintable(error));
        QFile tf(trace);
        QVERIFY(tf.open(QIODevice::ReadOnly));
        QJsonParseError perr{};
        const QJsonDocument doc = QJsonDocument::fromJson(tf.readAll(), &perr);
        QVERIFY2(perr.error == QJsonParseError::NoError, qPrintable(perr.errorString()));
        int tasks = 0;
        for (const auto& v : doc.object().value(u"traceEvents").toArray())
            tasks += v.toObject().value(u"cat").toString() == u"task";
        QCOMPARE(tasks, 16);

        // Replay: at each tick the snapshot taken then.
        QSignalSpy opened(&panel, &PlotsPanel::replayOpened);
        panel.openRecording(recording); // read on a thread of its own
        QTRY_COMPARE(opened.count(), 1);
        QVERIFY2(opened.first().at(1).toString().isEmpty(), qPrintable(opened.first().at(1).toString()));
        auto* source = dynamic_cast<ReplaySource*>(feed.source());
        QVERIFY(source);
        QCOMPARE(source->tickCount(), int(seen.size()));
        QCOMPARE(panel.replayBar()->source(), source);
        QVERIFY(panel.replayBar()->isEnabled());
        const int last = source->tickCount() - 1;
        for (int k : {last, 1, last / 2, 0, last}) {
            panel.replayBar()->slider()->setValue(k);
            QCOMPARE(source->position(), k);
            const auto& shown = feed.lastFrame().snapshot;
            const auto& then = seen[std::size_t(k)];
            QCOMPARE(shown.taken_ns, then.taken_ns);
            QCOMPARE(shown.processes.size(), then.processes.size());
            QCOMPARE(shown.objects.size(), then.objects.size());
            for (std::size_t i = 0; i < then.processes.size(); ++i) {
                QCOMPARE(shown.processes[i].pid, then.processes[i].pid);
                QCOMPARE(shown.processes[i].state, then.processes[i].state);
                QCOMPARE(shown.processes[i].task_id, then.processes[i].task_id);
            }
            for (std::size_t i = 0; i < then.objects.size(); ++i) {
                QCOMPARE(shown.objects[i].depth, then.objects[i].depth);
                QCOMPARE(shown.objects[i].tasks_done, then.objects[i].tasks_done);
            }
            // The views show that moment: no task ended after it is on the timeline.
            const auto& store = panel.poolTimeline()->store();
            std::uint64_t done = 0;
            for (const auto& o : then.objects)
                if (o.kind == proclab::ObjectKind::Pool)
                    done += o.tasks_done + o.tasks_failed + o.tasks_lost;
            std::uint64_t spans = 0;
            for (std::size_t t = 0; t < store.trackCount(); ++t)
                if (store.track(t).lane == TimelineStore::Lane::Tasks)
                    spans += store.track(t).count();
            QVERIFY2(spans <= done + 2 && spans + 2 >= done,
                     qPrintable(QStringLiteral("%1 spans, %2 done").arg(spans).arg(done)));
            QVERIFY(store.lastNs() <= then.taken_ns);
        }
        // The way to the last tick went through every tick: the CPU history has them all.
        QCOMPARE(int(panel.history()->samples(::getpid()).size()), last + 1);
        // Play runs to the end by itself.
        panel.replayBar()->seek(0);
        panel.replayBar()->setPlaying(true);
        QTRY_VERIFY_WITH_TIMEOUT(!panel.replayBar()->isPlaying(), 30000);
        QCOMPARE(source->position(), last);

        // A bad recording: refused, with the file and the offset.
        const QString bad = dir.filePath(QStringLiteral("bad.plrec"));
        QFile in(recording), out(bad);
        QVERIFY(in.open(QIODevice::ReadOnly) && out.open(QIODevice::WriteOnly));
        out.write(in.read(in.size() - 7));
        out.close();
        opened.clear();
        panel.openRecording(bad);
        QTRY_COMPARE(opened.count(), 1);
        error = opened.first().at(1).toString();
        QVERIFY2(error.contains(bad) && error.contains(QStringLiteral("offset")), qPrintable(error));
        QCOMPARE(feed.source(), source); // the replay goes on
        feed.setSource(nullptr);
        proclab::Session::detach();
    }

    void chinese()
    {
        SessionFeed feed;
        PlotsPanel panel(&feed);
        const QString english = panel.tabs()->tabText(0);
        QTranslator* translator = loadProcLabTranslator(QLocale(QLocale::Chinese, QLocale::China), this);
        QVERIFY(translator);
        QVERIFY(QCoreApplication::installTranslator(translator));
        QTRY_COMPARE(panel.tabs()->tabText(0), QStringLiteral("进程池时间线"));
        QCOMPARE(panel.tabs()->tabText(2), QStringLiteral("谁在等什么"));
        QCOMPARE(panel.poolTimeline()->findChild<QCheckBox*>()->text(), QStringLiteral("跟随实时"));
        QCoreApplication::removeTranslator(translator);
        delete translator;
        QTRY_COMPARE(panel.tabs()->tabText(0), english);
    }
};

PROCLAB_TEST_MAIN_WITH(QApplication, TestPlotExport)
#include "tst_plot_export.moc"
