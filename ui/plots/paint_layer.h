#pragma once
// A QCustomPlot layerable that paints with a callback, clipped to one axis rect: the timelines
// draw their spans themselves (only what is visible) instead of holding one item per span.

#include <qcustomplot.h>

#include <functional>

class PaintLayer : public QCPLayerable {
public:
    using Painter = std::function<void(QCPPainter*)>;

    PaintLayer(QCPAxisRect* rect, Painter paint)
        : QCPLayerable(rect->parentPlot(), QStringLiteral("main"))
        , m_rect(rect)
        , m_paint(std::move(paint))
    {
    }

protected:
    void applyDefaultAntialiasingHint(QCPPainter* painter) const override
    {
        applyAntialiasingHint(painter, false, QCP::aeOther);
    }
    void draw(QCPPainter* painter) override
    {
        if (m_paint)
            m_paint(painter);
    }
    QRect clipRect() const override { return m_rect ? m_rect->rect() : QCPLayerable::clipRect(); }

private:
    QPointer<QCPAxisRect> m_rect;
    Painter m_paint;
};
