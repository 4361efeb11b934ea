#include "glossary.h"

#include <QCoreApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>

namespace glossary {

QList<Term> terms()
{
    auto t = [](const char* zh, const char* en, const char* meaning) {
        return Term{QString::fromUtf8(zh), QString::fromUtf8(en), QCoreApplication::translate("Glossary", meaning)};
    };
    return {
        t("进程", "process", QT_TRANSLATE_NOOP("Glossary", "A running program with its own memory; multiprocessing.Process starts one.")),
        t("子进程", "child process", QT_TRANSLATE_NOOP("Glossary", "A process started by another process, its parent.")),
        t("守护进程", "daemon", QT_TRANSLATE_NOOP("Glossary", "A child that is terminated when its parent ends; it may not start children.")),
        t("进程池", "pool", QT_TRANSLATE_NOOP("Glossary", "A fixed group of worker processes that run many tasks one after another.")),
        t("队列", "queue", QT_TRANSLATE_NOOP("Glossary", "A first-in, first-out channel that many processes can put to and get from.")),
        t("管道", "pipe", QT_TRANSLATE_NOOP("Glossary", "A connection with two ends; what one end sends, the other receives.")),
        t("锁", "lock", QT_TRANSLATE_NOOP("Glossary", "Lets only one process at a time run a critical section.")),
        t("共享内存", "shared memory", QT_TRANSLATE_NOOP("Glossary", "Memory that several processes can read and write directly.")),
        t("孤儿进程", "orphan", QT_TRANSLATE_NOOP("Glossary", "A process whose parent has ended; another process adopts it.")),
        t("退出码", "exit code", QT_TRANSLATE_NOOP("Glossary", "How a process ended: 0 ok, 1 an exception, -N killed by signal N.")),
    };
}

Term find(const QString& word)
{
    for (const Term& t : terms())
        if (t.zh == word || t.en.compare(word, Qt::CaseInsensitive) == 0)
            return t;
    return {};
}

} // namespace glossary

GlossaryBar::GlossaryBar(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("glossaryBar"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    m_caption = new QLabel(this);
    m_caption->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_caption);
    for (int i = 0; i < glossary::terms().size(); ++i) {
        auto* l = new QLabel(this);
        l->setObjectName(QStringLiteral("glossaryTerm%1").arg(i));
        l->setTextFormat(Qt::RichText);
        l->setCursor(Qt::WhatsThisCursor);
        m_labels << l;
        layout->addWidget(l);
    }
    layout->addStretch(1);
    retranslateUi();
}

void GlossaryBar::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void GlossaryBar::retranslateUi()
{
    m_caption->setText(tr("Glossary:"));
    const QList<glossary::Term> ts = glossary::terms();
    for (int i = 0; i < m_labels.size() && i < ts.size(); ++i) {
        m_labels[i]->setText(QStringLiteral("<span style='text-decoration: underline dotted;'>%1</span>").arg(ts[i].zh));
        m_labels[i]->setToolTip(QStringLiteral("<b>%1</b> · %2<br>%3").arg(ts[i].zh, ts[i].en, ts[i].meaning));
    }
}
