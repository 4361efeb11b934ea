#pragma once
// Process ▸ Details…: everything /proc tells about one process (command line, working directory,
// executable, state, threads, memory, cgroup, environment, open files and sockets, limits), read
// on a thread pool thread (proclab::read_process_details) and shown when it arrives; Refresh reads
// again. A part the user may not read (another user's process) says so; a process that ended, or
// whose PID now names another process (start time), shows nothing of it.

#include <proclab/process_details.h>

#include <QDialog>
#include <QFutureWatcher>

#include <sys/types.h>

class QFormLayout;
class QLabel;
class QPushButton;
class QTabWidget;
class QTreeWidget;

class ProcessDetailsDialog : public QDialog {
    Q_OBJECT

public:
    /// `startTicks`: the start time the table showed (0: not known, any process with the PID).
    ProcessDetailsDialog(pid_t pid, QString name, quint64 startTicks, QWidget* parent = nullptr);

    pid_t pid() const { return m_pid; }
    /// True once a reading has arrived (loaded() was emitted).
    bool isLoaded() const { return m_loaded; }
    const proclab::ProcessDetails& details() const { return m_details; }
    /// The text shown for a general field ("cwd", "exe", "cmdline", "state", "threads", "memory",
    /// "cgroup", "user").
    QString fieldText(const QString& field) const;

    /// What an errno of one part means ("not readable (permission denied)").
    static QString partError(int err);
    /// A word of /proc/PID/limits (a limit's name, "unlimited", a unit) in the interface's language:
    /// the kernel writes English. Words it does not know stay as they are.
    static QString limitText(const QString& kernelText);

public slots:
    /// Reads the process again (off the GUI thread).
    void refresh();

signals:
    void loaded();

protected:
    void changeEvent(QEvent* event) override;

private:
    void display(const proclab::ProcessDetails& d);
    void retranslateUi();
    QLabel* addField(const QString& key);
    void fillTrees(const proclab::ProcessDetails& d);

    pid_t m_pid;
    QString m_name;
    quint64 m_startTicks;
    bool m_loaded = false;
    proclab::ProcessDetails m_details;
    QFutureWatcher<proclab::ProcessDetails> m_watcher;
    QLabel* m_status;
    QTabWidget* m_tabs;
    QFormLayout* m_form;
    QList<QPair<QString, QLabel*>> m_fields; // key → value label (the row label is the form's)
    QTreeWidget* m_environment;
    QTreeWidget* m_files;
    QTreeWidget* m_limits;
    QPushButton* m_refresh;
    QPushButton* m_close;
};
