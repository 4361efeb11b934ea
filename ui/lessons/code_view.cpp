#include "lessons/code_view.h"

#include <QFontDatabase>
#include <QPaintEvent>
#include <QPainter>
#include <QTextBlock>

class LineNumberArea : public QWidget {
public:
    explicit LineNumberArea(CodeView* view)
        : QWidget(view)
        , m_view(view)
    {
    }
    QSize sizeHint() const override { return {m_view->lineNumberAreaWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent* event) override { m_view->paintLineNumbers(event); }

private:
    CodeView* m_view;
};

CodeView::CodeView(QWidget* parent)
    : QPlainTextEdit(parent)
    , m_numbers(new LineNumberArea(this))
{
    setReadOnly(true);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    setFont(mono);
    connect(this, &QPlainTextEdit::blockCountChanged, this,
            [this] { setViewportMargins(lineNumberAreaWidth(), 0, 0, 0); });
    connect(this, &QPlainTextEdit::updateRequest, this, [this](const QRect& rect, int dy) {
        if (dy)
            m_numbers->scroll(0, dy);
        else
            m_numbers->update(0, rect.y(), m_numbers->width(), rect.height());
    });
    setViewportMargins(lineNumberAreaWidth(), 0, 0, 0);
}

void CodeView::setCode(const QString& code)
{
    setPlainText(code);
    m_line = 0;
    m_marks.clear();
    updateSelections();
}

void CodeView::setMarks(const QMap<int, QString>& marks)
{
    QMap<int, QString> kept;
    for (auto it = marks.begin(); it != marks.end(); ++it)
        if (it.key() >= 1 && it.key() <= blockCount())
            kept.insert(it.key(), it.value());
    if (kept == m_marks)
        return;
    m_marks = kept;
    updateSelections();
    viewport()->update();
    m_numbers->update();
}

int CodeView::lineNumberAreaWidth() const
{
    int digits = 2;
    for (int n = qMax(1, blockCount()); n >= 100; n /= 10)
        ++digits;
    return 12 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * digits;
}

void CodeView::highlightLine(int line)
{
    m_line = line > 0 && line <= blockCount() ? line : 0;
    updateSelections();
    if (m_line) {
        QTextCursor c(document()->findBlockByNumber(m_line - 1));
        setTextCursor(c);
        centerCursor();
    }
    m_numbers->update();
}

void CodeView::updateSelections()
{
    QList<QTextEdit::ExtraSelection> sel;
    for (auto it = m_marks.begin(); it != m_marks.end(); ++it) {
        if (it.key() == m_line)
            continue;
        QTextEdit::ExtraSelection s;
        s.format.setBackground(QColor(120, 170, 255, 90)); // a held process's line: light blue
        s.format.setProperty(QTextFormat::FullWidthSelection, true);
        s.cursor = QTextCursor(document()->findBlockByNumber(it.key() - 1));
        sel << s;
    }
    if (m_line) {
        QTextEdit::ExtraSelection s;
        s.format.setBackground(QColor(255, 221, 87, 150)); // a marker's yellow, readable on dark too
        s.format.setProperty(QTextFormat::FullWidthSelection, true);
        s.cursor = QTextCursor(document()->findBlockByNumber(m_line - 1));
        sel << s;
    }
    setExtraSelections(sel);
}

void CodeView::paintEvent(QPaintEvent* event)
{
    QPlainTextEdit::paintEvent(event);
    if (m_marks.isEmpty())
        return;
    // Who is held on each marked line, after the code's end on that line.
    QPainter painter(viewport());
    QFont f = font();
    f.setItalic(true);
    painter.setFont(f);
    painter.setPen(palette().color(QPalette::Link));
    const QFontMetrics fm(f);
    for (auto it = m_marks.begin(); it != m_marks.end(); ++it) {
        const QTextBlock block = document()->findBlockByNumber(it.key() - 1);
        if (!block.isVisible())
            continue;
        const QRectF r = blockBoundingGeometry(block).translated(contentOffset());
        if (r.bottom() < event->rect().top() || r.top() > event->rect().bottom())
            continue;
        // After the code when it fits, else over the code's end at the right edge, on a label.
        const int width = fm.horizontalAdvance(it.value()) + 8;
        const int after = int(r.left() + document()->documentMargin()) + fontMetrics().horizontalAdvance(block.text()) +
                          3 * fm.horizontalAdvance(QLatin1Char(' '));
        const int x = qMax(0, qMin(after, viewport()->width() - width));
        const QRect box(x, int(r.top()), width, int(r.height()));
        if (x < after) {
            painter.fillRect(box, palette().color(QPalette::Base));
            painter.setPen(palette().color(QPalette::Mid));
            painter.drawRect(box.adjusted(0, 0, -1, -1));
            painter.setPen(palette().color(QPalette::Link));
        }
        painter.drawText(box.adjusted(4, 0, -4, 0), Qt::AlignLeft | Qt::AlignVCenter, it.value());
    }
}

void CodeView::resizeEvent(QResizeEvent* event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect cr = contentsRect();
    m_numbers->setGeometry(QRect(cr.left(), cr.top(), lineNumberAreaWidth(), cr.height()));
}

void CodeView::changeEvent(QEvent* event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        setViewportMargins(lineNumberAreaWidth(), 0, 0, 0);
}

void CodeView::paintLineNumbers(QPaintEvent* event)
{
    QPainter painter(m_numbers);
    painter.fillRect(event->rect(), palette().color(QPalette::AlternateBase));
    QTextBlock block = firstVisibleBlock();
    int number = block.blockNumber();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    int bottom = top + qRound(blockBoundingRect(block).height());
    while (block.isValid() && top <= event->rect().bottom()) {
        if (block.isVisible() && bottom >= event->rect().top()) {
            const bool current = number + 1 == m_line;
            QFont f = font();
            f.setBold(current);
            painter.setFont(f);
            painter.setPen(current ? palette().color(QPalette::Text) : palette().color(QPalette::PlaceholderText));
            painter.drawText(0, top, m_numbers->width() - 6, fontMetrics().height(), Qt::AlignRight,
                             QString::number(number + 1));
        }
        block = block.next();
        top = bottom;
        bottom = top + qRound(blockBoundingRect(block).height());
        ++number;
    }
}
