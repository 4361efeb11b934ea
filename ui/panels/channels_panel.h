#pragma once
// Every queue, pipe, lock, event, semaphore, barrier and pool of the session with its live
// figures; buttons to create a queue or a lock for the built-in tasks.

#include "controllers/session_feed.h"

#include <QWidget>

class ObjectsModel;
class QCheckBox;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class SessionController;

class ChannelsPanel : public QWidget {
    Q_OBJECT

public:
    ChannelsPanel(SessionController* controller, QWidget* parent = nullptr);

    ObjectsModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }

public slots:
    void onFrame(const FeedFrame& frame);
    void createQueue();
    void createLock();

signals:
    void message(const QString& text);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();

    SessionController* m_controller;
    ObjectsModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_view;
    QPushButton* m_newQueue;
    QPushButton* m_newLock;
    QCheckBox* m_showDestroyed;
};
