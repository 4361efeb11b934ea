#include "panels/channels_panel.h"

#include "controllers/session_controller.h"
#include "models/objects_model.h"

#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

ChannelsPanel::ChannelsPanel(SessionController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_model(new ObjectsModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
{
    setObjectName(QStringLiteral("channelsPanel"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ObjectsModel::SortRole);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("channelsView"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ObjectsModel::IdColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setAlternatingRowColors(true);
    m_view->setColumnWidth(ObjectsModel::IdColumn, 36);
    m_view->setColumnWidth(ObjectsModel::KindColumn, 80);
    m_view->setColumnWidth(ObjectsModel::CreatorColumn, 64);
    m_view->setColumnWidth(ObjectsModel::FillColumn, 130);
    m_view->setColumnWidth(ObjectsModel::PutRateColumn, 60);
    m_view->setColumnWidth(ObjectsModel::GetRateColumn, 60);
    m_view->setColumnWidth(ObjectsModel::TotalsColumn, 130);
    m_view->setColumnWidth(ObjectsModel::OwnerColumn, 60);
    m_view->setColumnWidth(ObjectsModel::WaitersColumn, 60);
    // The live figures first; the long shared-memory name last.
    m_view->horizontalHeader()->moveSection(ObjectsModel::NameColumn, ObjectsModel::ColumnCount - 1);

    m_newQueue = new QPushButton(this);
    m_newQueue->setObjectName(QStringLiteral("newQueueButton"));
    connect(m_newQueue, &QPushButton::clicked, this, &ChannelsPanel::createQueue);
    m_newLock = new QPushButton(this);
    m_newLock->setObjectName(QStringLiteral("newLockButton"));
    connect(m_newLock, &QPushButton::clicked, this, &ChannelsPanel::createLock);
    m_showDestroyed = new QCheckBox(this);
    connect(m_showDestroyed, &QCheckBox::toggled, m_model, &ObjectsModel::setShowDestroyed);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_newQueue);
    bar->addWidget(m_newLock);
    bar->addStretch(1);
    bar->addWidget(m_showDestroyed);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    retranslateUi();
}

void ChannelsPanel::onFrame(const FeedFrame& frame)
{
    m_model->updateFromSnapshot(frame.snapshot);
}

void ChannelsPanel::createQueue()
{
    bool ok = false;
    const int maxsize =
        QInputDialog::getInt(this, tr("New Queue"), tr("maxsize (0: unbounded):"), 10, 0, 1000000, 1, &ok);
    if (!ok)
        return;
    const QString name = m_controller->createQueue(maxsize);
    if (!name.isEmpty())
        emit message(tr("Created queue %1: choose it in the launcher's produce/consume tasks.").arg(name));
}

void ChannelsPanel::createLock()
{
    const QString name = m_controller->createLock();
    if (!name.isEmpty())
        emit message(tr("Created lock %1: choose it in the launcher's hold-a-lock task.").arg(name));
}

void ChannelsPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void ChannelsPanel::retranslateUi()
{
    m_newQueue->setText(tr("New &Queue…"));
    m_newQueue->setToolTip(tr("Create a Queue that built-in tasks can produce to and consume from."));
    m_newLock->setText(tr("New &Lock"));
    m_newLock->setToolTip(tr("Create a Lock that the hold-a-lock task can acquire."));
    m_showDestroyed->setText(tr("Show closed objects"));
}
