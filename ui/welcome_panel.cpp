#include "welcome_panel.h"

#include <proclab/process.h>

#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QVBoxLayout>

namespace {

constexpr int IconSize = 88;
constexpr int CardMaximumWidth = 760;

QLabel* makeTextLabel(QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 1.08);
    label->setFont(font);
    return label;
}

// Rich text with a little more line spacing than QLabel's default, for paragraphs of prose.
QString paragraph(const QString& text)
{
    return QStringLiteral("<p style=\"line-height: 135%\">%1</p>").arg(text);
}

} // namespace

WelcomePanel::WelcomePanel(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("welcomePanel"));

    // A card centred in the window: it keeps the text at a readable width on large screens.
    auto* card = new QFrame(this);
    card->setObjectName(QStringLiteral("welcomeCard"));
    card->setMaximumWidth(CardMaximumWidth);
    card->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    card->setStyleSheet(QStringLiteral("#welcomeCard { background: palette(base); border: 1px solid palette(mid);"
                                       " border-radius: 12px; }"
                                       "#welcomeCard QLabel { background: transparent; border: none; }"));

    m_icon = new QLabel(card);
    m_icon->setPixmap(QIcon(QStringLiteral(":/icons/proclab.png")).pixmap(IconSize, IconSize));
    m_icon->setFixedSize(IconSize, IconSize);

    m_title = new QLabel(card);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.9);
    titleFont.setBold(true);
    m_title->setFont(titleFont);

    m_subtitle = new QLabel(card);
    QFont subtitleFont = m_subtitle->font();
    subtitleFont.setPointSizeF(subtitleFont.pointSizeF() * 1.15);
    m_subtitle->setFont(subtitleFont);
    m_subtitle->setForegroundRole(QPalette::PlaceholderText);

    auto* heading = new QVBoxLayout;
    heading->setSpacing(4);
    heading->addStretch();
    heading->addWidget(m_title);
    heading->addWidget(m_subtitle);
    heading->addStretch();

    auto* header = new QHBoxLayout;
    header->setSpacing(20);
    header->addWidget(m_icon, 0, Qt::AlignTop);
    header->addLayout(heading, 1);

    m_summary = makeTextLabel(card);
    m_firstStep = makeTextLabel(card);
    m_comingNext = makeTextLabel(card);

    auto* rule = new QFrame(card);
    rule->setFrameShape(QFrame::HLine);
    rule->setFrameShadow(QFrame::Plain);
    rule->setStyleSheet(QStringLiteral("color: palette(midlight);"));

    m_runtime = new QLabel(card);
    m_runtime->setObjectName(QStringLiteral("runtimeLabel"));
    m_runtime->setForegroundRole(QPalette::PlaceholderText);
    m_runtime->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* cardLayout = new QVBoxLayout(card);
    cardLayout->setContentsMargins(36, 32, 36, 28);
    cardLayout->setSpacing(16);
    cardLayout->addLayout(header);
    cardLayout->addSpacing(4);
    cardLayout->addWidget(m_summary);
    cardLayout->addWidget(m_firstStep);
    cardLayout->addWidget(m_comingNext);
    cardLayout->addSpacing(4);
    cardLayout->addWidget(rule);
    cardLayout->addWidget(m_runtime);

    auto* row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(card, 100);
    row->addStretch(1);

    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(24, 24, 24, 24);
    outer->addStretch(2);
    outer->addLayout(row);
    outer->addStretch(3);

    retranslateUi();
}

QString WelcomePanel::title() const
{
    return m_title->text();
}

QString WelcomePanel::runtimeSummary() const
{
    return m_runtime->text();
}

void WelcomePanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void WelcomePanel::retranslateUi()
{
    m_title->setText(tr("Welcome to ProcLab"));
    m_subtitle->setText(tr("A laboratory for processes"));
    m_summary->setText(
        paragraph(tr("ProcLab re-creates Python's <b>multiprocessing</b> in native C++ (processes, queues, pipes, "
                     "locks, pools) and shows every process live: its PID, state, exit code and what it waits "
                     "for.")));
    m_firstStep->setText(
        paragraph(tr("<b>Start here:</b> the README's API tour is a complete program that starts a Process, "
                     "joins it and reads its exit code. Build it against the library and run it.")));
    m_comingNext->setText(
        paragraph(tr("<b>Coming next:</b> a launcher for processes and pools, a live process table, and "
                     "step-by-step lessons based on the classic multiprocessing tutorials. They will open "
                     "here.")));

    const std::string_view method = proclab::to_string(proclab::get_start_method());
    const auto cpus = static_cast<int>(proclab::cpu_count());
    m_runtime->setText(tr("Start method: %1 · %n CPU(s)", nullptr, cpus)
                           .arg(QString::fromUtf8(method.data(), static_cast<qsizetype>(method.size()))));
}
