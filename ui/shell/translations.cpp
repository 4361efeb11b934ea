#include "shell/translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

QTranslator* loadProcLabTranslator(const QLocale& locale, QObject* parent)
{
    auto* translator = new QTranslator(parent);
    // Tries every UI language of the locale in order: proclab_zh_CN.qm, proclab_zh.qm, ...
    if (translator->load(locale, QStringLiteral("proclab"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        return translator;
    delete translator;
    return nullptr;
}

bool installTranslators(const QLocale& locale)
{
    auto* app = QCoreApplication::instance();
    Q_ASSERT(app);

    auto* qtTranslator = new QTranslator(app);
    if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qtTranslator);
    else
        delete qtTranslator;

    QTranslator* ownTranslator = loadProcLabTranslator(locale, app);
    const bool found = ownTranslator != nullptr;
    // Without a translation (including the "C" locale), English: its .qm holds the plural forms
    // ("1 CPU", "2 CPUs") that the source text only spells as "%n CPU(s)".
    if (!found)
        ownTranslator = loadProcLabTranslator(QLocale(QLocale::English), app);
    if (ownTranslator)
        QCoreApplication::installTranslator(ownTranslator);
    return found;
}

LanguageSwitcher::LanguageSwitcher(QObject* parent)
    : QObject(parent)
{
}

void LanguageSwitcher::setLanguage(const QString& language)
{
    for (QTranslator** t : {&m_translator, &m_qtTranslator})
        if (*t) {
            QCoreApplication::removeTranslator(*t);
            delete *t;
            *t = nullptr;
        }
    const QLocale locale = language.isEmpty() ? QLocale() : QLocale(language);
    // Qt's own first, so that ProcLab's, installed last, is asked first.
    auto* qtTranslator = new QTranslator(this);
    if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qtTranslator);
        m_qtTranslator = qtTranslator;
    } else {
        delete qtTranslator;
    }
    m_translator = loadProcLabTranslator(locale, this);
    if (!m_translator)
        m_translator = loadProcLabTranslator(QLocale(QLocale::English), this);
    if (m_translator)
        QCoreApplication::installTranslator(m_translator);
}
