#include "shell/welcome_panel.h"

#include "controllers/session_feed.h"

#include <proclab/process.h>

#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <unistd.h>

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

    m_newButton = new QPushButton(card);
    m_newButton->setObjectName(QStringLiteral("welcomeNewButton"));
    m_newButton->setDefault(true);
    connect(m_newButton, &QPushButton::clicked, this, &WelcomePanel::newProcessRequested);
    m_demoButton = new QPushButton(card);
    m_demoButton->setObjectName(QStringLiteral("welcomeDemoButton"));
    connect(m_demoButton, &QPushButton::clicked, this, &WelcomePanel::demoRequested);
    m_showButton = new QPushButton(card);
    m_showButton->setObjectName(QStringLiteral("welcomeShowButton"));
    m_showButton->setFlat(true);
    connect(m_showButton, &QPushButton::clicked, this, &WelcomePanel::showProcessesRequested);
    m_lessonButton = new QPushButton(card);
    m_lessonButton->setObjectName(QStringLiteral("welcomeLessonButton"));
    connect(m_lessonButton, &QPushButton::clicked, this, &WelcomePanel::lessonsRequested);
    auto* buttons = new QHBoxLayout;
    buttons->setSpacing(10);
    buttons->addWidget(m_newButton);
    buttons->addWidget(m_demoButton);
    buttons->addWidget(m_lessonButton);
    buttons->addStretch(1);
    buttons->addWidget(m_showButton);

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
    cardLayout->addLayout(buttons);
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
        paragraph(tr("<b>Start here:</b> launch a process (a built-in task such as <i>sleep</i> or <i>print "
                     "lines</i>, or any program), then start, join, stop or terminate it and watch its state and "
                     "exit code change.")));
    m_comingNext->setText(
        paragraph(tr("<b>Or run the demo:</b> a producer and a consumer sharing a queue, two processes competing "
                     "for a lock, a small process tree and a task that fails. <b>Or open a lesson:</b> the classic "
                     "multiprocessing tutorials step by step, their Python and C++ code beside the live processes.")));
    m_newButton->setText(tr("&New Process…"));
    m_demoButton->setText(tr("Run the &Demo"));
    m_showButton->setText(tr("Show the process table"));
    m_lessonButton->setText(tr("Open a &Lesson"));

    const std::string_view method = proclab::to_string(proclab::get_start_method());
    const auto cpus = static_cast<int>(proclab::cpu_count());
    m_runtime->setText(tr("Start method: %1 · %n CPU(s)", nullptr, cpus)
                           .arg(QString::fromUtf8(method.data(), static_cast<qsizetype>(method.size()))));
}

void WelcomePanel::onFrame(const FeedFrame& frame)
{
    for (const auto& p : frame.snapshot.processes)
        if ((p.remote() || p.pid != ::getpid()) && p.kind != proclab::ProcessKind::ForkServer) {
            emit showProcessesRequested();
            return;
        }
}
