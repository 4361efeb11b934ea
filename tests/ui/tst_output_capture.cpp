// OutputCapture and OutputReader with real processes (shell commands and a built-in task): a
// stderr line after a flood of stdout is kept (its own cap), the order of lines is kept (exact
// with "merge stderr into stdout", as read otherwise), the panel says which one is in effect,
// and every stream is read to its end and closed.
#include "controller_test.h"
#include "controllers/output_reader.h"
#include "controllers/session_controller.h"
#include "gui_test_support.h"
#include "models/output_model.h"
#include "models/output_store.h"
#include "panels/output_panel.h"

#include <QDir>
#include <QTest>

class TestOutputCapture : public ControllerTest {
    Q_OBJECT

    int launchShell(const QString& line)
    {
        LaunchSpec s;
        s.type = LaunchSpec::Type::Shell;
        s.shellLine = line;
        QString err;
        const QList<int> pids = uitest::launchStarted(*m_controller, s, &err);
        if (pids.size() != 1 || !err.isEmpty())
            qWarning("launch failed: %s", qPrintable(err));
        return pids.value(0);
    }
    QStringList texts(int pid, int stream) const // stream: 0 stdout, 1 stderr, -1 both
    {
        QStringList out;
        for (const auto& l : m_output->lines(pid))
            if (stream < 0 || l.stderrLine == (stream == 1))
                out << l.text;
        return out;
    }
    OutputReader* reader() const { return m_controller->findChild<OutputReader*>(); }

private slots:
    void cleanup()
    {
        endAllProcesses();
        QTRY_COMPARE(reader()->sourceCount(), 0); // every stream read to its end and closed
        ControllerTest::cleanup();
    }

    /// 200,000 stdout lines, then one stderr line: the stdout cap drops old stdout lines only.
    void stderrLineAfterFloodKept()
    {
        const int pid = launchShell(QStringLiteral("yes \"it's\" | head -n 200000; echo done-err 1>&2; exit 3"));
        QVERIFY(pid > 0);
        QTRY_VERIFY(m_controller->isEnded(pid));
        QTRY_COMPARE_WITH_TIMEOUT(m_output->totalLines(pid), quint64(200001), ptest::kAwaitMs);
        QCOMPARE(texts(pid, 1), QStringList{QStringLiteral("done-err")});
        QCOMPARE(m_output->droppedStderr(pid), quint64(0));
        QCOMPARE(m_output->dropped(pid), quint64(200000 - m_output->capPerProcess()));
        QCOMPARE(texts(pid, 0).size(), m_output->capPerProcess());
        // (Apart, its place among the last stdout lines is the order of reading: stdout may still
        // have had a backlog in its pipe when it was read.)

        // The panel shows it too, after the flood went through its one batch.
        OutputPanel panel(m_output);
        panel.takeNewLines();
        panel.showProcess(pid);
        int errors = 0;
        for (int row = 0; row < panel.model()->rowCount(); ++row) {
            const QModelIndex index = panel.model()->index(row);
            if (index.data(OutputModel::StderrRole).toBool()) {
                QCOMPARE(index.data().toString(), QStringLiteral("done-err"));
                ++errors;
            }
        }
        QCOMPARE(errors, 1);
    }

    /// A stderr line before the flood stays too, in the store and in the view of every process.
    void stderrLineBeforeFloodKept()
    {
        OutputPanel panel(m_output);
        const int pid = launchShell(QStringLiteral("echo first-err 1>&2; sleep 0.2; yes | head -n 100000"));
        QVERIFY(pid > 0);
        QTRY_VERIFY(m_controller->isEnded(pid));
        QTRY_COMPARE_WITH_TIMEOUT(m_output->totalLines(pid), quint64(100001), ptest::kAwaitMs);
        QCOMPARE(texts(pid, 1), QStringList{QStringLiteral("first-err")});
        QCOMPARE(texts(pid, -1).constFirst(), QStringLiteral("first-err"));
        panel.takeNewLines();
        QCOMPARE(panel.model()->index(0).data(OutputModel::StderrRole).toBool(), true);
    }

    /// Merged (2>&1): one stream, the exact order of writing, said so by the panel.
    void mergedKeepsExactOrder()
    {
        m_output->setCapPerProcess(20000);
        m_output->setMergeStderr(true);
        OutputPanel panel(m_output);
        const int pid = launchShell(QStringLiteral("echo out; echo ERR 1>&2; seq 1 12000; echo LAST 1>&2"));
        QVERIFY(pid > 0);
        QTRY_VERIFY(m_controller->isEnded(pid));
        QTRY_COMPARE_WITH_TIMEOUT(m_output->totalLines(pid), quint64(12003), ptest::kAwaitMs);
        QStringList expected{QStringLiteral("out"), QStringLiteral("ERR")};
        for (int i = 1; i <= 12000; ++i)
            expected << QString::number(i);
        expected << QStringLiteral("LAST");
        QCOMPARE(texts(pid, -1), expected);
        QVERIFY(m_output->merged(pid));
        panel.takeNewLines();
        panel.showProcess(pid);
        QVERIFY2(panel.modeText().contains(QStringLiteral("merged")), qPrintable(panel.modeText()));
    }

    /// Apart: lines keep the order in which they were read, with a time each; both pipes are read
    /// in one loop, so lines written before a pause (on either stream) precede those after it.
    void apartKeepsReadingOrder()
    {
        m_output->setCapPerProcess(20000);
        OutputPanel panel(m_output);
        const int pid = launchShell(QStringLiteral("echo out; echo ERR 1>&2; sleep 0.5; seq 1 12000; echo LAST 1>&2"));
        QVERIFY(pid > 0);
        QTRY_VERIFY(m_controller->isEnded(pid));
        QTRY_COMPARE_WITH_TIMEOUT(m_output->totalLines(pid), quint64(12003), ptest::kAwaitMs);
        const std::vector<OutputLine> lines = m_output->lines(pid);
        QVERIFY(!m_output->merged(pid));
        QStringList order;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (i > 0) {
                QVERIFY(lines[i].seq > lines[i - 1].seq);
                QVERIFY(lines[i].timeNs >= lines[i - 1].timeNs);
            }
            QVERIFY(lines[i].timeNs > 0);
            if (!lines[i].text.front().isDigit() || lines[i].text == QStringLiteral("1"))
                order << lines[i].text;
        }
        QCOMPARE(order.size(), 4);
        QCOMPARE(order.at(2), QStringLiteral("1"));
        QCOMPARE(order.at(3), QStringLiteral("LAST"));
        QVERIFY(order.mid(0, 2).contains(QStringLiteral("out")) && order.mid(0, 2).contains(QStringLiteral("ERR")));
        QCOMPARE(texts(pid, 1), (QStringList{QStringLiteral("ERR"), QStringLiteral("LAST")}));
        QCOMPARE(m_output->dropped(pid), quint64(0));
        panel.takeNewLines();
        panel.showProcess(pid);
        QVERIFY2(panel.modeText().contains(QStringLiteral("apart")), qPrintable(panel.modeText()));
    }
};

PROCLAB_UI_TEST_MAIN(TestOutputCapture)
#include "tst_output_capture.moc"
