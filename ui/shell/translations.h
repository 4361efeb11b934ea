#pragma once
// The application's translations, embedded as resources under :/i18n (English source strings,
// Simplified Chinese translation).

#include <QLocale>
#include <QObject>
#include <QString>

class QTranslator;

/// Switches ProcLab's translator and Qt's own (qtbase: standard buttons such as Cancel and Close)
/// at run time: the old ones are removed, the new ones installed (Qt then sends every widget a
/// LanguageChange, and each calls its retranslateUi()).
class LanguageSwitcher : public QObject {
    Q_OBJECT

public:
    explicit LanguageSwitcher(QObject* parent = nullptr);

    /// "" for the system language, else a locale name ("zh_CN"); English if ProcLab has none.
    void setLanguage(const QString& language);

private:
    QTranslator* m_translator = nullptr;
    QTranslator* m_qtTranslator = nullptr;
};

/// ProcLab's own translator for `locale` (proclab_<lang>.qm from :/i18n), owned by `parent`;
/// nullptr when ProcLab has no translation for that locale (the English source text is used).
QTranslator* loadProcLabTranslator(const QLocale& locale, QObject* parent);

/// Installs ProcLab's and Qt's own (qtbase: standard dialogs and buttons) translators for `locale`
/// into the running application, English when ProcLab has no translation for `locale`.
/// Returns true when ProcLab's translation for `locale` was found.
bool installTranslators(const QLocale& locale = QLocale());
