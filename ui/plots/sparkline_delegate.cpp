#include "plots/sparkline_delegate.h"

#include <algorithm>

#include <QPainter>
#include <QPainterPath>

SparklineDelegate::SparklineDelegate(Lookup lookup, QObject* parent)
    : QStyledItemDelegate(parent)
    , m_lookup(std::move(lookup))
{
}

QPolygonF SparklineDelegate::polyline(const QList<double>& values, const QRectF& rect) const
{
    QPolygonF line;
    if (values.size() < 2 || rect.width() <= 0)
        return line;
    double top = m_max;
    if (top <= 0)
        for (double v : values)
            top = std::max(top, v);
    if (top <= 0)
        top = 1;
    const double step = rect.width() / double(values.size() - 1);
    for (qsizetype i = 0; i < values.size(); ++i) {
        const double v = std::clamp(values[i] / top, 0.0, 1.0);
        line << QPointF(rect.left() + step * double(i), rect.bottom() - v * rect.height());
    }
    return line;
}

QRectF SparklineDelegate::lineRect(const QRectF& cell, double textWidth, bool textRight)
{
    // The sparkline takes what the value's digits leave (and a gap), on the side away from them:
    // it never covers them, whichever way the column aligns its text.
    const double width = cell.width() - (textWidth + 8.0);
    if (width < 12)
        return {};
    return {textRight ? cell.left() : cell.right() - width, cell.top(), width, cell.height()};
}

void SparklineDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    option->displayAlignment = Qt::AlignLeft | Qt::AlignVCenter;
}

void SparklineDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyledItemDelegate::paint(painter, option, index); // background, selection, the cell's text
    const QVariant pidValue = index.data(m_pidRole);
    if (!m_lookup || !pidValue.isValid())
        return;
    const QList<double> values = m_lookup(static_cast<pid_t>(pidValue.toLongLong()));
    if (std::all_of(values.begin(), values.end(), [](double v) { return v <= 0; }))
        return; // idle or ended: the number says it all
    // Where the text really went: this delegate's alignment, not the model's.
    QStyleOptionViewItem styled = option;
    initStyleOption(&styled, index);
    const QRectF rect = lineRect(option.rect.adjusted(2, 3, -2, -3), styled.fontMetrics.horizontalAdvance(styled.text),
                                 (styled.displayAlignment & Qt::AlignRight) != 0);
    if (rect.isEmpty())
        return; // too narrow for both: the number wins
    const QPolygonF line = polyline(values, rect);
    if (line.isEmpty())
        return;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPainterPath fill;
    fill.moveTo(line.first().x(), rect.bottom());
    for (const QPointF& p : line)
        fill.lineTo(p);
    fill.lineTo(line.last().x(), rect.bottom());
    QColor area = m_color;
    area.setAlpha(50);
    painter->fillPath(fill, area);
    painter->setPen(
        QPen(option.state & QStyle::State_Selected ? option.palette.highlightedText().color() : m_color, 1.2));
    painter->drawPolyline(line);
    painter->restore();
}

QSize SparklineDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    return QSize(std::max(s.width(), 120), std::max(s.height(), 22));
}
