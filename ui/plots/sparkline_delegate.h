#pragma once
// Paints a small line of recent values (CPU %, RSS) in a table cell. The processes model is not
// ours: the delegate finds the row's pid through `pidRole` (default Qt::UserRole) and asks a
// lookup for the values, e.g. [history](pid_t p) { return history->recentCpu(p); }.

#include <QStyledItemDelegate>

#include <functional>
#include <sys/types.h>

class SparklineDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    using Lookup = std::function<QList<double>(pid_t)>;

    explicit SparklineDelegate(Lookup lookup, QObject* parent = nullptr);

    void setPidRole(int role) { m_pidRole = role; }
    int pidRole() const { return m_pidRole; }
    /// Fixed top of the scale (100 for CPU %); 0: the largest value shown.
    void setMaximum(double max) { m_max = max; }
    void setColor(const QColor& c) { m_color = c; }

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    /// The polyline drawn for `values` in `rect`: oldest at the left edge, newest at the right, the
    /// scale's top at the top (values above it clamped); none for fewer than two values.
    QPolygonF polyline(const QList<double>& values, const QRectF& rect) const;
    /// The part of `cell` the line takes: what the value's text (`textWidth` wide, right-aligned
    /// or not) leaves, on the side away from it, so the digits are never covered; empty when that
    /// is too narrow for a line.
    static QRectF lineRect(const QRectF& cell, double textWidth, bool textRight);

protected:
    /// The cell's text goes left: the sparkline takes the right part.
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;

private:
    Lookup m_lookup;
    int m_pidRole = Qt::UserRole;
    double m_max = 0;
    QColor m_color = QColor(0x00, 0x72, 0xB2);
};
