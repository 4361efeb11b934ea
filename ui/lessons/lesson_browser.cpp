#include "lessons/lesson_browser.h"

#include <algorithm>

#include <QEvent>
#include <QFileInfo>
#include <QHash>
#include <QHeaderView>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QStyledItemDelegate>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {
QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

// Rows as tall as their text wrapped to the list's width: a long title (Chinese ones are) shows
// whole on two lines rather than cut off.
class WrappingDelegate : public QStyledItemDelegate {
public:
    explicit WrappingDelegate(QTreeView* view)
        : QStyledItemDelegate(view)
        , m_view(view)
    {
    }

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QStyleOptionViewItem wrapped = option;
        int depth = 0;
        for (QModelIndex p = index.parent(); p.isValid(); p = p.parent())
            ++depth;
        // A valid rect (the style wraps only within one) as wide as the row.
        wrapped.rect = QRect(0, 0, std::max(40, m_view->viewport()->width() - depth * m_view->indentation()),
                             option.fontMetrics.height());
        return QStyledItemDelegate::sizeHint(wrapped, index);
    }

private:
    QTreeView* m_view;
};
} // namespace

LessonBrowser::LessonBrowser(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("lessonBrowser"));
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("lessonSearch"));
    m_search->setClearButtonEnabled(true);
    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("lessonTree"));
    m_tree->setHeaderHidden(true);
    m_tree->setRootIsDecorated(false);
    m_tree->setIndentation(10);
    m_tree->setWordWrap(true);
    m_tree->setTextElideMode(Qt::ElideNone);
    m_tree->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Always there: a scroll bar that comes and goes would change the width the rows wrap to.
    m_tree->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    m_tree->setItemDelegate(new WrappingDelegate(m_tree));
    m_tree->viewport()->installEventFilter(this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search);
    layout->addWidget(m_tree, 1);
    connect(m_search, &QLineEdit::textChanged, this, &LessonBrowser::setFilterText);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (!item)
            return;
        if (item->data(0, ErrorRole).isValid()) {
            const int i = item->data(0, ErrorRole).toInt();
            if (i >= 0 && std::size_t(i) < m_errors.size())
                emit errorChosen(qs(m_errors[std::size_t(i)].file()), qs(m_errors[std::size_t(i)].what()));
        } else if (item->data(0, IdRole).isValid()) {
            emit lessonChosen(item->data(0, IdRole).toString());
        }
    });
    retranslateUi();
}

QString LessonBrowser::topicName(const QString& topic)
{
    if (topic == QLatin1String("process"))
        return tr("Processes 进程");
    if (topic == QLatin1String("shared"))
        return tr("Shared memory 共享内存");
    if (topic == QLatin1String("lock"))
        return tr("Locks 锁");
    if (topic == QLatin1String("queue"))
        return tr("Queues 队列");
    if (topic == QLatin1String("pipe"))
        return tr("Pipes 管道");
    if (topic == QLatin1String("pool"))
        return tr("Pools 进程池");
    if (topic == QLatin1String("manager"))
        return tr("Managers 管理器");
    if (topic == QLatin1String("advanced"))
        return tr("Advanced 进阶");
    if (topic == QLatin1String("scheduler"))
        return tr("Be the scheduler 当调度器");
    if (topic.isEmpty())
        return tr("Other lessons");
    return topic;
}

void LessonBrowser::setLessons(const std::vector<proclab::Lesson>& lessons,
                               const std::vector<proclab::LessonError>& errors, const QString& lang)
{
    m_lessons = lessons;
    m_errors = errors;
    m_lang = lang;
    rebuild();
}

void LessonBrowser::rebuild()
{
    const QSignalBlocker block(m_tree);
    const QString current = m_tree->currentItem() ? m_tree->currentItem()->data(0, IdRole).toString() : QString();
    m_tree->clear();
    QList<QString> order;
    QHash<QString, QTreeWidgetItem*> groups;
    auto group = [&](const QString& key, const QString& title) {
        if (QTreeWidgetItem* g = groups.value(key))
            return g;
        auto* g = new QTreeWidgetItem(m_tree, {title});
        g->setFlags(Qt::ItemIsEnabled);
        QFont f = g->font(0);
        f.setBold(true);
        g->setFont(0, f);
        g->setData(0, Qt::UserRole, key);
        groups.insert(key, g);
        return g;
    };
    for (const proclab::Lesson& l : m_lessons) {
        const QString topic = qs(l.topic);
        QTreeWidgetItem* g = group(topic, topicName(topic));
        const proclab::LessonText& t = l.text_for(m_lang.toStdString());
        auto* item = new QTreeWidgetItem(g, {QStringLiteral("%1. %2").arg(l.number).arg(qs(t.title))});
        item->setData(0, IdRole, qs(l.id));
        QString tip = item->text(0) + QLatin1Char('\n') + qs(l.id); // the whole title, when the list cuts it
        if (const std::string why = l.unavailable_reason(); !why.empty()) {
            item->setText(0, item->text(0) + QStringLiteral("  ") + tr("(needs %1)").arg(qs(l.requires_feature)));
            item->setForeground(0, m_tree->palette().brush(QPalette::Disabled, QPalette::Text));
            tip += QLatin1Char('\n') + tr("Cannot run yet: %1").arg(qs(why));
        }
        item->setToolTip(0, tip);
    }
    if (!m_errors.empty()) {
        QTreeWidgetItem* g = group(QStringLiteral("\x01errors"), tr("Lesson files with errors"));
        for (std::size_t i = 0; i < m_errors.size(); ++i) {
            const QString file = qs(m_errors[i].file());
            auto* item = new QTreeWidgetItem(g, {QFileInfo(file).fileName()});
            item->setData(0, ErrorRole, int(i));
            item->setForeground(0, QColor(0xc0, 0x39, 0x2b));
            item->setToolTip(0, qs(m_errors[i].what()));
        }
    }
    m_tree->expandAll();
    setFilterText(m_search->text());
    if (!current.isEmpty())
        select(current);
}

void LessonBrowser::setFilterText(const QString& text)
{
    const QString needle = text.trimmed();
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem* g = m_tree->topLevelItem(i);
        int shown = 0;
        for (int j = 0; j < g->childCount(); ++j) {
            QTreeWidgetItem* item = g->child(j);
            bool match = needle.isEmpty() || item->text(0).contains(needle, Qt::CaseInsensitive) ||
                         g->text(0).contains(needle, Qt::CaseInsensitive) ||
                         item->toolTip(0).contains(needle, Qt::CaseInsensitive);
            if (!match && item->data(0, IdRole).isValid()) {
                const QString id = item->data(0, IdRole).toString();
                for (const proclab::Lesson& l : m_lessons)
                    if (qs(l.id) == id)
                        for (const auto& [lang, t] : l.text)
                            match = match || qs(t.title).contains(needle, Qt::CaseInsensitive);
            }
            item->setHidden(!match);
            shown += match ? 1 : 0;
        }
        g->setHidden(shown == 0);
    }
}

void LessonBrowser::select(const QString& id)
{
    const QSignalBlocker block(m_tree);
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem* g = m_tree->topLevelItem(i);
        for (int j = 0; j < g->childCount(); ++j)
            if (g->child(j)->data(0, IdRole).toString() == id) {
                m_tree->setCurrentItem(g->child(j));
                m_tree->scrollToItem(g->child(j));
                return;
            }
    }
}

QStringList LessonBrowser::topics() const
{
    QStringList out;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
        if (!m_tree->topLevelItem(i)->isHidden())
            out << m_tree->topLevelItem(i)->text(0);
    return out;
}

QStringList LessonBrowser::visibleLessonIds() const
{
    QStringList out;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem* g = m_tree->topLevelItem(i);
        for (int j = 0; j < g->childCount(); ++j)
            if (!g->isHidden() && !g->child(j)->isHidden() && g->child(j)->data(0, IdRole).isValid())
                out << g->child(j)->data(0, IdRole).toString();
    }
    return out;
}

bool LessonBrowser::eventFilter(QObject* watched, QEvent* event)
{
    // A new width wraps the titles differently: the rows' heights are measured again.
    if (watched == m_tree->viewport() && event->type() == QEvent::Resize)
        QMetaObject::invokeMethod(m_tree, &QTreeView::doItemsLayout, Qt::QueuedConnection);
    return QWidget::eventFilter(watched, event);
}

void LessonBrowser::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void LessonBrowser::retranslateUi()
{
    m_search->setPlaceholderText(tr("Search lessons (title, topic, number)…"));
}
