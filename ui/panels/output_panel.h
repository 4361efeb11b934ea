#pragma once
// stdout and stderr of the processes the window launched: every process or one, coloured by
// process (stderr in red), follow mode, search, how many old lines the per-process caps dropped,
// and whether stderr is merged into stdout (2>&1, exact order; an option for new processes) or
// read apart (order as read). The view takes new lines once per tick (the reading, splitting and
// dropping happen on the capture's thread), so a process flooding its output costs one batch.

#include "controllers/session_feed.h"

#include <QWidget>

class OutputModel;
class OutputStore;
class QItemSelectionModel;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QSortFilterProxyModel;
class QToolButton;

class OutputPanel : public QWidget {
    Q_OBJECT

public:
    OutputPanel(OutputStore* store, QWidget* parent = nullptr);

    OutputModel* model() const { return m_model; }
    QListView* view() const { return m_view; }
    bool follow() const;
    void setFollow(bool follow);
    /// 0: every process.
    void showProcess(int pid);
    /// Shows the output of the current process of `selection` (PIDs in `pidRole`) as it changes.
    void follow(QItemSelectionModel* selection, int pidRole);
    int shownProcess() const;
    void setSearchText(const QString& text);
    /// The "N older lines dropped" text (empty when none).
    QString droppedText() const;
    /// Says whether stderr is merged into stdout (exact order) or read apart, for what is shown.
    QString modeText() const;

public slots:
    /// Takes the lines that arrived since the previous tick.
    void onFrame(const FeedFrame& frame);
    void takeNewLines();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void refreshProcessList();
    void onForgotten();
    void updateDropped();
    void updateMode();

    OutputStore* m_store;
    OutputModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QListView* m_view;
    QComboBox* m_process;
    QLineEdit* m_search;
    QCheckBox* m_follow;
    QToolButton* m_clear;
    QLabel* m_dropped;
    QLabel* m_mode;
    QCheckBox* m_merge;
    QHash<int, QString> m_names;
};
