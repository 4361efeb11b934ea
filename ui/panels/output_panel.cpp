#include "panels/output_panel.h"

#include "models/output_model.h"
#include "models/output_store.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QScrollBar>
#include <QSet>
#include <QSortFilterProxyModel>
#include <QToolButton>
#include <QVBoxLayout>

#include <iterator>

OutputPanel::OutputPanel(OutputStore* store, QWidget* parent)
    : QWidget(parent)
    , m_store(store)
    , m_model(new OutputModel(store, this))
    , m_proxy(new QSortFilterProxyModel(this))
{
    setObjectName(QStringLiteral("outputPanel"));
    m_proxy->setSourceModel(m_model);
    connect(m_store, &OutputStore::forgotten, this, &OutputPanel::onForgotten);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_process = new QComboBox(this);
    m_process->setObjectName(QStringLiteral("outputProcess"));
    // A fixed width: a long process name does not make the docks re-lay out.
    m_process->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_process->setMinimumContentsLength(14);
    m_process->addItem(QString(), 0);
    connect(m_process, &QComboBox::activated, this, [this](int i) {
        m_model->setPid(m_process->itemData(i).toInt());
        updateDropped();
        updateMode();
        m_view->scrollToBottom(); // another process: its newest lines
    });

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("outputSearch"));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(140);
    connect(m_search, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    m_follow = new QCheckBox(this);
    m_follow->setObjectName(QStringLiteral("outputFollow"));
    m_follow->setChecked(true);
    connect(m_follow, &QCheckBox::toggled, this, [this](bool on) {
        if (on)
            m_view->scrollToBottom();
    });
    m_clear = new QToolButton(this);
    connect(m_clear, &QToolButton::clicked, this, [this] {
        const int pid = shownProcess();
        m_store->clear();
        m_model->setPid(-1);
        m_model->setPid(pid);
        updateDropped();
    });
    m_dropped = new QLabel(this);
    m_dropped->setObjectName(QStringLiteral("outputDropped"));
    m_dropped->setForegroundRole(QPalette::PlaceholderText);
    // Its text never asks for width: the panel's size does not follow the count.
    m_dropped->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_dropped->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_merge = new QCheckBox(this);
    m_merge->setObjectName(QStringLiteral("outputMergeStderr"));
    m_merge->setChecked(m_store->mergeStderr());
    connect(m_merge, &QCheckBox::toggled, this, [this](bool on) {
        m_store->setMergeStderr(on);
        updateMode();
    });
    m_mode = new QLabel(this);
    m_mode->setObjectName(QStringLiteral("outputMode"));
    m_mode->setForegroundRole(QPalette::PlaceholderText);
    m_mode->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_process);
    bar->addWidget(m_search, 1);
    bar->addWidget(m_clear);

    m_view = new QListView(this);
    m_view->setObjectName(QStringLiteral("outputView"));
    m_view->setModel(m_proxy);
    m_view->setUniformItemSizes(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    // Scrolling up leaves follow mode; back at the bottom resumes it.
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int v) {
        if (m_view->verticalScrollBar()->isSliderDown())
            m_follow->setChecked(v >= m_view->verticalScrollBar()->maximum());
    });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    // What is in effect and what was dropped, under the lines: however long they grow, the
    // search box keeps its width and the docks do not re-lay out. The switches beside them, so
    // that the dock stays narrow enough for a laptop's screen beside the others.
    auto* info = new QHBoxLayout;
    info->setContentsMargins(0, 0, 0, 0);
    info->addWidget(m_mode, 1);
    info->addWidget(m_dropped, 1);
    info->addWidget(m_merge);
    info->addWidget(m_follow);
    layout->addLayout(info);
    retranslateUi();
}

bool OutputPanel::follow() const
{
    return m_follow->isChecked();
}

void OutputPanel::setFollow(bool follow)
{
    m_follow->setChecked(follow);
}

void OutputPanel::follow(QItemSelectionModel* selection, int pidRole)
{
    // Everything stays captured; only the shown process follows the selection.
    connect(selection, &QItemSelectionModel::currentChanged, this, [this, pidRole](const QModelIndex& current) {
        const int pid = current.data(pidRole).toInt();
        if (pid > 0 && m_store->contains(pid))
            showProcess(pid);
    });
}

void OutputPanel::showProcess(int pid)
{
    refreshProcessList();
    const int i = m_process->findData(pid);
    if (i < 0)
        return;
    m_process->setCurrentIndex(i);
    m_model->setPid(pid);
    updateDropped();
    updateMode();
    m_view->scrollToBottom(); // another process: its newest lines
}

int OutputPanel::shownProcess() const
{
    return m_model->pid();
}

void OutputPanel::setSearchText(const QString& text)
{
    m_search->setText(text);
}

QString OutputPanel::droppedText() const
{
    return m_dropped->text();
}

void OutputPanel::onFrame(const FeedFrame& frame)
{
    // The names of the processes whose output is kept (the list's labels), not of every one seen.
    const QList<int> kept = m_store->pids();
    const QSet<int> keptSet(kept.begin(), kept.end());
    for (const auto& p : frame.snapshot.processes)
        if (!p.remote() && keptSet.contains(p.pid))
            m_names.insert(p.pid, QString::fromStdString(p.name));
    takeNewLines();
}

void OutputPanel::onForgotten()
{
    // Processes the store forgot leave the list; their lines leave the view.
    const QList<int> kept = m_store->pids();
    const QSet<int> keptSet(kept.begin(), kept.end());
    for (int i = m_process->count() - 1; i >= 1; --i)
        if (const int pid = m_process->itemData(i).toInt(); !keptSet.contains(pid)) {
            m_process->removeItem(i);
            m_names.remove(pid);
        }
    for (auto it = m_names.begin(); it != m_names.end();)
        it = keptSet.contains(it.key()) ? std::next(it) : m_names.erase(it);
    if (shownProcess() > 0 && !keptSet.contains(shownProcess())) {
        m_process->setCurrentIndex(0);
        m_model->setPid(0);
    } else if (shownProcess() == 0) {
        m_model->reload();
    }
    updateDropped();
    updateMode();
}

void OutputPanel::takeNewLines()
{
    // One batch per tick. When the store had to leave new lines out (a flood between two
    // ticks), the view is rebuilt from what the store keeps, so that it shows the same lines.
    quint64 skipped = 0;
    const std::vector<OutputLine> lines = m_store->takeNew(&skipped);
    if (skipped > 0)
        m_model->reload();
    else if (!lines.empty())
        m_model->appendLines(lines);
    if ((skipped > 0 || !lines.empty()) && follow())
        m_view->scrollToBottom();
    if (m_process->count() - 1 != m_store->pids().size())
        refreshProcessList();
    updateDropped();
    updateMode();
}

void OutputPanel::refreshProcessList()
{
    QList<int> pids = m_store->pids();
    std::sort(pids.begin(), pids.end());
    for (int pid : pids) {
        const QString label = m_names.value(pid).isEmpty() ? QString::number(pid)
                                                           : QStringLiteral("%1 (%2)").arg(m_names.value(pid)).arg(pid);
        const int i = m_process->findData(pid);
        if (i < 0)
            m_process->addItem(label, pid);
        else if (m_process->itemText(i) != label)
            m_process->setItemText(i, label);
    }
}

void OutputPanel::updateDropped()
{
    quint64 dropped = 0;
    if (shownProcess() > 0) {
        dropped = m_store->dropped(shownProcess());
    } else {
        for (int pid : m_store->pids())
            dropped += m_store->dropped(pid);
    }
    m_dropped->setText(
        dropped ? tr("%n older line(s) dropped", nullptr, static_cast<int>(std::min<quint64>(dropped, INT_MAX)))
                : QString());
}

QString OutputPanel::modeText() const
{
    return m_mode->text();
}

void OutputPanel::updateMode()
{
    // What is in effect for what is shown: one process's capture, or every process's.
    int merged = 0, separate = 0;
    const QList<int> pids = shownProcess() > 0 ? QList<int>{shownProcess()} : m_store->pids();
    for (int pid : pids)
        (m_store->merged(pid) ? merged : separate) += 1;
    if (pids.isEmpty())
        (m_store->mergeStderr() ? merged : separate) += 1;
    QString text;
    if (merged && separate)
        text = tr("stderr merged for some processes");
    else if (merged)
        text = tr("stderr merged: exact order");
    else
        text = tr("stderr apart: order as read");
    if (m_mode->text() != text)
        m_mode->setText(text);
}

void OutputPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void OutputPanel::retranslateUi()
{
    m_process->setItemText(0, tr("All processes"));
    m_search->setPlaceholderText(tr("Search output…"));
    m_follow->setText(tr("Follow"));
    m_follow->setToolTip(tr("Keep the newest line in view."));
    m_clear->setText(tr("Clear"));
    m_clear->setToolTip(tr("Forget the output captured so far."));
    m_merge->setText(tr("Merge stderr (2>&&1)")); // &&: a literal &, not a mnemonic
    m_merge->setToolTip(tr("For processes launched from now on: stderr goes into stdout (2>&1), so lines keep the "
                           "exact order in which they were written, but are no longer marked as errors."));
    m_mode->setToolTip(tr("Apart, stdout and stderr are two pipes read together: lines keep the order in which "
                          "they were read, which can differ from the order in which they were written. Errors "
                          "have a cap of their own: an output flood never drops them."));
    m_mode->clear();
    updateDropped();
    updateMode();
}
