#pragma once
// The one wrapper over QSettings: typed keys with defaults. Widgets never construct QSettings.

#include <QByteArray>
#include <QObject>
#include <QString>

#include <memory>

class QSettings;

class Settings : public QObject {
    Q_OBJECT

public:
    /// `iniPath` empty: the application's native settings (organization/application name);
    /// otherwise an INI file (tests).
    explicit Settings(const QString& iniPath = {}, QObject* parent = nullptr);
    ~Settings() override;

    /// Sampling period in ms, 100–10,000 (default 500).
    int refreshIntervalMs() const;
    void setRefreshIntervalMs(int ms);

    /// "" (system), "en" or "zh_CN".
    QString language() const;
    void setLanguage(const QString& language);

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray& geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray& state);

    /// The process table's header (column order, widths, hidden columns, sort).
    QByteArray processHeaderState() const;
    void setProcessHeaderState(const QByteArray& state);
    bool processTreeMode() const;
    void setProcessTreeMode(bool tree);
    /// Whether the table shows processes that have ended (default true).
    bool showEndedProcesses() const;
    void setShowEndedProcesses(bool show);
    /// Whether Kill, Kill Tree and actions on many processes ask first (default true; the
    /// confirmation's "Don't ask again" turns it off).
    bool confirmProcessActions() const;
    void setConfirmProcessActions(bool confirm);

    /// The process table's scope: "session" (default), "mine" or "all".
    QString processScope() const;
    void setProcessScope(const QString& scope);
    /// The header state of the wider scopes (My / All processes); processHeaderState() is the
    /// session scope's.
    QByteArray systemHeaderState() const;
    void setSystemHeaderState(const QByteArray& state);

    QByteArray mainSplitterState() const;
    void setMainSplitterState(const QByteArray& state);

    /// Output lines kept per process (default 10,000).
    int outputCapPerProcess() const;
    void setOutputCapPerProcess(int lines);

    /// The lesson shown last (its id, e.g. "05_exit_codes"); "" before the first start.
    QString lastLesson() const;
    bool hasLastLesson() const;
    void setLastLesson(const QString& id);
    /// Lesson speed factor (0.25–10, default 1).
    double lessonSpeed() const;
    void setLessonSpeed(double speed);

    void sync();

private:
    std::unique_ptr<QSettings> m_settings;
};
