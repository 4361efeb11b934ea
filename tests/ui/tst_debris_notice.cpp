// DebrisNotice: the window's word on leftovers of killed programs at start: the status text, and
// the non-blocking offer that removes what a killed program left (a real helper, SIGKILLed, with
// its tracker off so that the leftover stays until the offer removes it).
#include "leak_check_fixture.h"
#include "shell/debris_notice.h"
#include "test_main.h"
#include "test_support.h"

#include <proclab/process.h>
#include <proclab/session.h>

#include <QApplication>
#include <QMainWindow>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>

#include <unistd.h>

using namespace std::chrono_literals;

class TestDebrisNotice : public LeakCheckedTest {
    Q_OBJECT

private slots:
    void removedText_data()
    {
        QTest::addColumn<int>("removed");
        QTest::addColumn<QString>("expected");
        QTest::newRow("none") << 0 << QString();
        QTest::newRow("one") << 1
                             << QStringLiteral("Removed 1 leftover shared object(s) of programs that were killed.");
        QTest::newRow("three") << 3
                               << QStringLiteral("Removed 3 leftover shared object(s) of programs that were killed.");
    }

    void removedText()
    {
        QFETCH(int, removed);
        QFETCH(QString, expected);
        QCOMPARE(DebrisNotice::removedText(removed), expected);
    }

    void offersToRemoveWhatAKilledProgramLeft()
    {
        // Another program starting meanwhile may sweep the leftover first: then stage it again.
        for (int attempt = 0; attempt < 3; ++attempt) {
            proclab::CommandOptions opts;
            opts.std_out = proclab::Stdio::pipe();
            opts.env["PROCLAB_NO_TRACKER"] = "1";
            opts.env[proclab::Session::kEnvVar] = "";
            proclab::Process helper = proclab::Process::command({PROCLAB_HELPER_SESSION}, opts);
            helper.start();
            ptest::ChildGuard guard(helper);
            const auto ready = helper.read_line(proclab::Stream::Stdout, 10000ms);
            QVERIFY(ready && ready->rfind("ready ", 0) == 0);
            const std::string queue = "/dev/shm/" + ready->substr(ready->rfind(' ') + 1);
            helper.kill();
            helper.join();

            QMainWindow window;
            DebrisNotice notice(&window);
            QSignalSpy scanned(&notice, &DebrisNotice::scanned);
            notice.showOnce(); // scans on a thread of its own: the window goes on meanwhile
            QVERIFY(scanned.wait(10000));
            auto* offer = window.findChild<QMessageBox*>();
            if (!offer && ::access(queue.c_str(), F_OK) != 0)
                continue; // swept by another program first
            QVERIFY(offer);
            QVERIFY(scanned.first().first().toBool());
            QVERIFY(offer->isVisible());
            QVERIFY(offer->detailedText().contains(QString::fromStdString(queue.substr(9))));
            QPushButton* remove = nullptr;
            for (auto* b : offer->findChildren<QPushButton*>())
                if (b->text() == QStringLiteral("Remove"))
                    remove = b;
            QVERIFY(remove);
            remove->click();
            QTRY_VERIFY(::access(queue.c_str(), F_OK) != 0);
            QTRY_VERIFY(window.statusBar()->currentMessage().startsWith(QStringLiteral("Removed ")));
            notice.showOnce(); // once only
            QTRY_VERIFY(!window.findChild<QMessageBox*>());
            QCOMPARE(scanned.size(), 1);
            return;
        }
        QFAIL("the leftover was swept by other programs three times in a row");
    }
};

PROCLAB_TEST_MAIN_WITH(QApplication, TestDebrisNotice)
#include "tst_debris_notice.moc"
