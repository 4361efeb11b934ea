#include "lessons/glossary.h"

#include <QCoreApplication>
#include <QCursor>
#include <QEvent>
#include <QRegularExpression>

#include <QToolTip>
#include <algorithm>

namespace glossary {

QList<Term> terms()
{
    auto t = [](const char* zh, const char* en, const char* meaning) {
        return Term{QString::fromUtf8(zh), QString::fromUtf8(en), QCoreApplication::translate("Glossary", meaning)};
    };
    return {
        t("进程", "process",
          QT_TRANSLATE_NOOP("Glossary", "A running program with its own memory; multiprocessing.Process starts one.")),
        t("子进程", "child process",
          QT_TRANSLATE_NOOP("Glossary", "A process started by another process, its parent.")),
        t("守护进程", "daemon",
          QT_TRANSLATE_NOOP("Glossary", "A child that is terminated when its parent ends; it may not start children.")),
        t("进程池", "pool",
          QT_TRANSLATE_NOOP("Glossary", "A fixed group of worker processes that run many tasks one after another.")),
        t("队列", "queue",
          QT_TRANSLATE_NOOP("Glossary", "A first-in, first-out channel that many processes can put to and get from.")),
        t("管道", "pipe",
          QT_TRANSLATE_NOOP("Glossary", "A connection with two ends; what one end sends, the other receives.")),
        t("锁", "lock", QT_TRANSLATE_NOOP("Glossary", "Lets only one process at a time run a critical section.")),
        t("共享内存", "shared memory",
          QT_TRANSLATE_NOOP("Glossary", "Memory that several processes can read and write directly.")),
        t("孤儿进程", "orphan",
          QT_TRANSLATE_NOOP("Glossary", "A process whose parent has ended; another process adopts it.")),
        t("退出码", "exit code",
          QT_TRANSLATE_NOOP("Glossary", "How a process ended: 0 ok, 1 an exception, -N killed by signal N.")),
        t("僵尸进程", "zombie",
          QT_TRANSLATE_NOOP("Glossary", "A process that has ended but whose exit code its parent has not read yet.")),
        t("哨兵", "sentinel",
          QT_TRANSLATE_NOOP("Glossary", "A marker such as None put last into a queue: no more data follows.")),
        t("回调", "callback",
          QT_TRANSLATE_NOOP("Glossary", "A function the pool calls with a task's result when it is ready.")),
        t("全局解释器锁", "GIL",
          QT_TRANSLATE_NOOP("Glossary", "CPython's global interpreter lock: one thread at a time runs Python code.")),
    };
}

Term find(const QString& word)
{
    for (const Term& t : terms())
        if (t.zh == word || t.en.compare(word, Qt::CaseInsensitive) == 0)
            return t;
    return {};
}

QString annotate(const QString& text)
{
    const QList<Term> ts = terms();
    // Longest first, so that 守护进程 wins over 进程.
    QList<QPair<QString, int>> words;
    for (int i = 0; i < ts.size(); ++i) {
        words.append({QRegularExpression::escape(ts[i].zh), i});
        words.append({QStringLiteral("\\b") + QRegularExpression::escape(ts[i].en) + QStringLiteral("s?\\b"), i});
    }
    std::stable_sort(words.begin(), words.end(),
                     [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    QStringList alternatives;
    for (const auto& w : words)
        alternatives << QStringLiteral("(%1)").arg(w.first);
    const QRegularExpression re(alternatives.join(QLatin1Char('|')), QRegularExpression::CaseInsensitiveOption);
    QString out;
    qsizetype pos = 0;
    auto it = re.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        int index = -1;
        for (int g = 1; g <= m.lastCapturedIndex(); ++g)
            if (m.capturedStart(g) >= 0) {
                index = words[g - 1].second;
                break;
            }
        out += text.mid(pos, m.capturedStart() - pos).toHtmlEscaped();
        out +=
            QStringLiteral("<a href=\"%1\" style=\"color: palette(text); text-decoration: underline dotted;\">%2</a>")
                .arg(index)
                .arg(m.captured().toHtmlEscaped());
        pos = m.capturedEnd();
    }
    out += text.mid(pos).toHtmlEscaped();
    return out;
}

QString toolTip(const Term& term)
{
    return QStringLiteral("<b>%1</b> · %2<br>%3").arg(term.zh, term.en.toHtmlEscaped(), term.meaning.toHtmlEscaped());
}

} // namespace glossary

GlossaryBar::GlossaryBar(QWidget* parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("glossaryBar"));
    setTextFormat(Qt::RichText);
    setWordWrap(true);
    connect(this, &QLabel::linkHovered, this, [this](const QString& link) {
        const int i = link.toInt();
        if (!link.isEmpty())
            QToolTip::showText(QCursor::pos(), termToolTip(i), this);
        else
            QToolTip::hideText();
    });
    connect(this, &QLabel::linkActivated, this,
            [this](const QString& link) { QToolTip::showText(QCursor::pos(), termToolTip(link.toInt()), this); });
    retranslateUi();
}

QString GlossaryBar::termToolTip(int index) const
{
    const QList<glossary::Term> ts = glossary::terms();
    return index >= 0 && index < ts.size() ? glossary::toolTip(ts[index]) : QString();
}

void GlossaryBar::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QLabel::changeEvent(event);
}

void GlossaryBar::retranslateUi()
{
    QStringList parts;
    const QList<glossary::Term> ts = glossary::terms();
    for (int i = 0; i < ts.size(); ++i)
        parts << QStringLiteral("<a href=\"%1\" style=\"text-decoration: none;\">%2</a>").arg(i).arg(ts[i].zh);
    setText(QStringLiteral("<span style=\"color: palette(placeholder-text);\">%1</span> %2")
                .arg(tr("Glossary (hover a word):").toHtmlEscaped(), parts.join(QStringLiteral(" · "))));
    QStringList all;
    for (const glossary::Term& t : ts)
        all << glossary::toolTip(t);
    setToolTip(all.join(QStringLiteral("<br>")));
}
