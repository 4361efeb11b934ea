#include "shell/settings.h"

#include <QSettings>

#include <algorithm>

namespace {
const QString kRefresh = QStringLiteral("view/refreshIntervalMs");
const QString kLanguage = QStringLiteral("general/language");
const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kHeader = QStringLiteral("processes/headerState");
const QString kTree = QStringLiteral("processes/treeMode");
const QString kShowEnded = QStringLiteral("processes/showEnded");
const QString kConfirmActions = QStringLiteral("processes/confirmActions");
const QString kScope = QStringLiteral("processes/scope");
const QString kSystemHeader = QStringLiteral("processes/systemHeader");
const QString kSplitter = QStringLiteral("window/mainSplitter");
const QString kOutputCap = QStringLiteral("output/capPerProcess");
const QString kLastLesson = QStringLiteral("lessons/last");
const QString kLessonSpeed = QStringLiteral("lessons/speed");
} // namespace

Settings::Settings(const QString& iniPath, QObject* parent)
    : QObject(parent)
    , m_settings(iniPath.isEmpty() ? std::make_unique<QSettings>()
                                   : std::make_unique<QSettings>(iniPath, QSettings::IniFormat))
{
}

Settings::~Settings() = default;

int Settings::refreshIntervalMs() const
{
    return std::clamp(m_settings->value(kRefresh, 500).toInt(), 100, 10000);
}

void Settings::setRefreshIntervalMs(int ms)
{
    m_settings->setValue(kRefresh, std::clamp(ms, 100, 10000));
}

QString Settings::language() const
{
    return m_settings->value(kLanguage).toString();
}

void Settings::setLanguage(const QString& language)
{
    m_settings->setValue(kLanguage, language);
}

QByteArray Settings::windowGeometry() const
{
    return m_settings->value(kGeometry).toByteArray();
}

void Settings::setWindowGeometry(const QByteArray& geometry)
{
    m_settings->setValue(kGeometry, geometry);
}

QByteArray Settings::windowState() const
{
    return m_settings->value(kState).toByteArray();
}

void Settings::setWindowState(const QByteArray& state)
{
    m_settings->setValue(kState, state);
}

QByteArray Settings::processHeaderState() const
{
    return m_settings->value(kHeader).toByteArray();
}

void Settings::setProcessHeaderState(const QByteArray& state)
{
    m_settings->setValue(kHeader, state);
}

bool Settings::processTreeMode() const
{
    return m_settings->value(kTree, true).toBool();
}

void Settings::setProcessTreeMode(bool tree)
{
    m_settings->setValue(kTree, tree);
}

bool Settings::showEndedProcesses() const
{
    return m_settings->value(kShowEnded, true).toBool();
}

void Settings::setShowEndedProcesses(bool show)
{
    m_settings->setValue(kShowEnded, show);
}

bool Settings::confirmProcessActions() const
{
    return m_settings->value(kConfirmActions, true).toBool();
}

void Settings::setConfirmProcessActions(bool confirm)
{
    m_settings->setValue(kConfirmActions, confirm);
}

QString Settings::processScope() const
{
    const QString s = m_settings->value(kScope, QStringLiteral("session")).toString();
    return s == QLatin1String("mine") || s == QLatin1String("all") ? s : QStringLiteral("session");
}

void Settings::setProcessScope(const QString& scope)
{
    m_settings->setValue(kScope, scope);
}

QByteArray Settings::systemHeaderState() const
{
    return m_settings->value(kSystemHeader).toByteArray();
}

void Settings::setSystemHeaderState(const QByteArray& state)
{
    m_settings->setValue(kSystemHeader, state);
}

QByteArray Settings::mainSplitterState() const
{
    return m_settings->value(kSplitter).toByteArray();
}

void Settings::setMainSplitterState(const QByteArray& state)
{
    m_settings->setValue(kSplitter, state);
}

int Settings::outputCapPerProcess() const
{
    return std::clamp(m_settings->value(kOutputCap, 10000).toInt(), 100, 1000000);
}

void Settings::setOutputCapPerProcess(int lines)
{
    m_settings->setValue(kOutputCap, lines);
}

void Settings::sync()
{
    m_settings->sync();
}

QString Settings::lastLesson() const
{
    return m_settings->value(kLastLesson).toString();
}

bool Settings::hasLastLesson() const
{
    return m_settings->contains(kLastLesson);
}

void Settings::setLastLesson(const QString& id)
{
    m_settings->setValue(kLastLesson, id);
}

double Settings::lessonSpeed() const
{
    return std::clamp(m_settings->value(kLessonSpeed, 1.0).toDouble(), 0.25, 10.0);
}

void Settings::setLessonSpeed(double speed)
{
    m_settings->setValue(kLessonSpeed, std::clamp(speed, 0.25, 10.0));
}
