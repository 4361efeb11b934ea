#pragma once
// Play/pause and a time slider over a recording being replayed through a SessionFeed.

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QSlider;
class QToolButton;
class ReplaySource;
class SessionFeed;

class ReplayBar : public QWidget {
    Q_OBJECT

public:
    /// Ticks fed through the views on the way to a seek target (beyond it, every n-th tick).
    static constexpr int kMaxSteps = 600;

    explicit ReplayBar(SessionFeed* feed, QWidget* parent = nullptr);

    /// The replay source now installed in the feed (nullptr: none; the bar disables itself).
    void setSource(ReplaySource* source);
    ReplaySource* source() const { return m_source; }
    QSlider* slider() const { return m_slider; }
    bool isPlaying() const { return m_timer.isActive(); }

public slots:
    void seek(int tick);
    void setPlaying(bool playing);

protected:
    void changeEvent(QEvent* event) override;

private:
    void step();
    void updateLabel();
    void retranslateUi();
    void onSourceChanged();

    QPointer<SessionFeed> m_feed;
    ReplaySource* m_source = nullptr;
    QToolButton* m_play;
    QSlider* m_slider;
    QLabel* m_time;
    QTimer m_timer;
};
